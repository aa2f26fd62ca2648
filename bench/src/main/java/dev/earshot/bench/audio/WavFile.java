package dev.earshot.bench.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A 16-bit mono PCM WAV file, read chunk by chunk (the fixtures carry a plain 44-byte header, but a
 * WAV from elsewhere may carry LIST or fact chunks first).
 *
 * @param pcm the samples as little-endian linear16 bytes, an even count
 */
record WavFile(int sampleRateHz, byte[] pcm) {

    static WavFile parse(byte[] bytes, String name) {
        if (bytes.length < 12 || !tag(bytes, 0, "RIFF") || !tag(bytes, 8, "WAVE")) {
            throw new IllegalArgumentException(name + " is not a WAV file (no RIFF/WAVE header)");
        }
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int rate = -1;
        byte[] data = null;
        long pos = 12;
        while (pos + 8 <= bytes.length) {
            int body = (int) pos + 8;
            long size = le.getInt((int) pos + 4) & 0xffff_ffffL;
            if (tag(bytes, (int) pos, "fmt ") && body + 16 <= bytes.length) {
                int format = le.getShort(body) & 0xffff;
                int channels = le.getShort(body + 2);
                int bits = le.getShort(body + 14);
                if (format != 1 || channels != 1 || bits != 16) {
                    throw new IllegalArgumentException(name + ": the bench plays 16-bit mono PCM WAV; this one has format "
                            + format + ", " + channels + " channel(s), " + bits + " bits");
                }
                rate = le.getInt(body + 4);
            } else if (tag(bytes, (int) pos, "data")) {
                // A streamed WAV may say 0xFFFFFFFF: the data then runs to the end of the file.
                int end = (int) Math.min(bytes.length, body + size);
                data = Arrays.copyOfRange(bytes, body, body + ((end - body) & ~1));
            }
            pos = body + size + (size & 1);
        }
        if (rate <= 0 || data == null) {
            throw new IllegalArgumentException(name + ": no fmt or data chunk");
        }
        return new WavFile(rate, data);
    }

    private static boolean tag(byte[] bytes, int at, String tag) {
        return at + 4 <= bytes.length && new String(bytes, at, 4, StandardCharsets.US_ASCII).equals(tag);
    }
}
