package dev.earshot.server.audio.container;


import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds WAV byte fixtures chunk by chunk, exactly as written, including deliberately broken ones. */
final class WavBytes {
    static final int PCM = 1;
    static final int FLOAT = 3;
    static final int ALAW = 6;
    static final int MULAW = 7;
    static final int EXTENSIBLE = 0xFFFE;

    private final String riffId;
    private final Long declaredRiffSize;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    private WavBytes(String riffId, Long declaredRiffSize) {
        this.riffId = riffId;
        this.declaredRiffSize = declaredRiffSize;
    }

    static WavBytes riff() {
        return new WavBytes("RIFF", null);
    }

    static WavBytes rf64() {
        return new WavBytes("RF64", 0xFFFFFFFFL);
    }

    /** The canonical 44-byte-header WAV: RIFF, fmt (16 bytes), data. */
    static byte[] canonical(int tag, int channels, int rate, int bits, byte[] samples) {
        return riff().fmt(tag, channels, rate, bits).data(samples).build();
    }

    WavBytes fmt(int tag, int channels, int rate, int bits) {
        int blockAlign = channels * Math.max(1, bits / 8);
        ByteBuffer fmt = le(16).putShort((short) tag).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits);
        return chunk("fmt ", fmt.array());
    }

    /** WAVE_FORMAT_EXTENSIBLE: 40-byte fmt whose SubFormat GUID starts with {@code subTag}. */
    WavBytes fmtExtensible(int subTag, int channels, int rate, int bits, int validBits) {
        int blockAlign = channels * (bits / 8);
        ByteBuffer fmt = le(40).putShort((short) EXTENSIBLE).putShort((short) channels).putInt(rate)
                .putInt(rate * blockAlign).putShort((short) blockAlign).putShort((short) bits)
                .putShort((short) 22).putShort((short) validBits).putInt(channels == 2 ? 0x3 : 0x4)
                .putShort((short) subTag).putShort((short) 0x0000).putShort((short) 0x0010)
                .put(new byte[]{(byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71});
        return chunk("fmt ", fmt.array());
    }

    /** A chunk with its true size, padded to an even length. */
    WavBytes chunk(String id, byte[] data) {
        rawChunk(id, data.length, data);
        if ((data.length & 1) == 1) {
            body.write(0);
        }
        return this;
    }

    /** A chunk header declaring {@code declaredSize}, followed by exactly {@code data}, no padding. */
    WavBytes rawChunk(String id, long declaredSize, byte[] data) {
        body.writeBytes(id.getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(le(4).putInt((int) declaredSize).array());
        body.writeBytes(data);
        return this;
    }

    WavBytes data(byte[] samples) {
        return rawChunk("data", samples.length, samples);
    }

    WavBytes raw(byte[] bytes) {
        body.writeBytes(bytes);
        return this;
    }

    byte[] build() {
        byte[] content = body.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(riffId.getBytes(StandardCharsets.US_ASCII));
        long size = declaredRiffSize != null ? declaredRiffSize : 4L + content.length;
        out.writeBytes(le(4).putInt((int) size).array());
        out.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(content);
        return out.toByteArray();
    }

    static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }

    static byte[] s16(int... samples) {
        ByteBuffer buffer = le(samples.length * 2);
        for (int sample : samples) {
            buffer.putShort((short) sample);
        }
        return buffer.array();
    }

    static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
