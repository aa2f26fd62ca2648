package dev.earshot.server.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The committed speech fixtures (fixtures/speech, made by its make.sh from the .txt beside each file) and
 * small audio surgery for tests: raw PCM, silence, stereo, WAV headers.
 */
public final class Fixtures {
    public static final int RATE_16K = 16_000;

    private Fixtures() {
    }

    public static Path dir() {
        String configured = System.getProperty("earshot.fixtures.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "fixtures");
        return dir.resolve("speech");
    }

    /** speech-a: five Harvard sentences, flite voice rms, 16 kHz mono linear16 WAV (about 14 s). */
    public static byte[] speechAWav() {
        return read("speech-a.wav");
    }

    /** speech-b: five other Harvard sentences, flite voice slt, 16 kHz mono linear16 WAV (about 13.4 s). */
    public static byte[] speechBWav() {
        return read("speech-b.wav");
    }

    /** dictated-code: "the code is one two three four five six period", flite voice slt (about 2.8 s). */
    public static byte[] dictatedCodeWav() {
        return read("dictated-code.wav");
    }

    /** speech-a as raw 8 kHz G.711 mu-law, the way telephony sends it. */
    public static byte[] speechAMulaw8k() {
        return read("speech-a-8k.mulaw");
    }

    public static String speechAText() {
        return text("speech-a.txt");
    }

    public static String speechBText() {
        return text("speech-b.txt");
    }

    public static byte[] read(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String text(String name) {
        try {
            return Files.readString(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * {@code millis} of 16 kHz linear16 that the server's voice tracker hears as sound, so the engine decodes
     * it (quiet audio between segments is left undecoded): syllables of a loud 800 Hz square wave, 20 ms off
     * then 80 ms on. A steady tone would be a hum, and zeros are silence; the tracker learns the quiet of
     * the room from the first 20 ms.
     */
    public static byte[] syllables(int millis) {
        byte[] pcm = new byte[millis * 32];
        for (int i = 0; i < pcm.length; i += 2) {
            int sample = i / 2;
            if (sample % 1600 >= 320) {
                pcm[i + 1] = (byte) (sample % 20 < 10 ? 0x20 : -0x20);
            }
        }
        return pcm;
    }

    /** The samples of a canonical 44-byte-header PCM WAV, as raw linear16 bytes. */
    public static byte[] pcm(byte[] wav) {
        int data = indexOf(wav, "data".getBytes());
        return Arrays.copyOfRange(wav, data + 8, wav.length);
    }

    /** linear16 samples as 32-bit little-endian floats: what {@code encoding=linear32} carries. */
    public static byte[] float32(byte[] pcm16) {
        ByteBuffer in = ByteBuffer.wrap(pcm16).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer out = ByteBuffer.allocate(pcm16.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < pcm16.length / 2; i++) {
            out.putFloat(in.getShort(i * 2) / 32768f);
        }
        return out.array();
    }

    /** {@code millis} of digital silence in 16 kHz linear16. */
    public static byte[] silence16k(int millis) {
        return new byte[RATE_16K / 1000 * millis * 2];
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** Interleaves two mono linear16 signals into stereo, padding the shorter with silence. */
    public static byte[] stereo(byte[] left, byte[] right) {
        int frames = Math.max(left.length, right.length) / 2;
        ByteBuffer out = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer l = ByteBuffer.wrap(left).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer r = ByteBuffer.wrap(right).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            out.putShort(i * 2 < left.length ? l.getShort(i * 2) : 0);
            out.putShort(i * 2 < right.length ? r.getShort(i * 2) : 0);
        }
        return out.array();
    }

    /** A canonical WAV header for PCM/float/G.711 data of the given format tag. */
    public static byte[] wavHeader(int formatTag, int channels, int rateHz, int bitsPerSample, long dataBytes) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        int blockAlign = channels * bitsPerSample / 8;
        header.put("RIFF".getBytes()).putInt((int) (36 + dataBytes)).put("WAVE".getBytes());
        header.put("fmt ".getBytes()).putInt(16).putShort((short) formatTag).putShort((short) channels)
                .putInt(rateHz).putInt(rateHz * blockAlign).putShort((short) blockAlign)
                .putShort((short) bitsPerSample);
        header.put("data".getBytes()).putInt((int) dataBytes);
        return header.array();
    }

    /**
     * The byte offset where the first sentence of 16 kHz linear16 speech ends: the start of the first
     * stretch of at least {@code minPauseMs} of near-silence after half a second of audio.
     */
    public static int firstPauseOffset(byte[] pcm, int minPauseMs) {
        ByteBuffer samples = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int needed = RATE_16K / 1000 * minPauseMs;
        int quietRun = 0;
        for (int i = RATE_16K / 2; i < pcm.length / 2; i++) {
            if (Math.abs(samples.getShort(i * 2)) < 64) {
                if (++quietRun == needed) {
                    return (i - needed + 1) * 2;
                }
            } else {
                quietRun = 0;
            }
        }
        throw new IllegalArgumentException("no pause of " + minPauseMs + " ms");
    }

    /** Seconds of audio in raw bytes of the given byte rate. */
    public static double seconds(byte[] raw, int bytesPerSecond) {
        return (double) raw.length / bytesPerSecond;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("no data chunk");
    }
}
