package dev.earshot.server.audio;

import java.util.Optional;

/**
 * Raw interleaved samples in a known {@link AudioFormat}: linear PCM, float, μ-law, A-law. Bytes that
 * do not yet make a whole frame (one sample of every channel) wait for the next call.
 */
public final class PcmDecoder implements AudioDecoder {
    private final AudioFormat format;
    /** The start of an incomplete frame carried over from the previous call. Decode lane only. */
    private final byte[] carry;
    private int carried;

    public PcmDecoder(AudioFormat format) {
        this.format = format;
        this.carry = new byte[format.bytesPerFrame()];
    }

    @Override
    public Optional<AudioFormat> format() {
        return Optional.of(format);
    }

    @Override
    public PcmBlock decode(byte[] bytes, int offset, int length) {
        int frameBytes = format.bytesPerFrame();
        int frames = (carried + length) / frameBytes;
        float[][] out = new float[format.channels()][frames];
        int frame = 0;
        int position = offset;
        int end = offset + length;
        if (carried > 0) {
            int needed = frameBytes - carried;
            if (length < needed) {
                System.arraycopy(bytes, offset, carry, carried, length);
                carried += length;
                return new PcmBlock(out, 0);
            }
            System.arraycopy(bytes, offset, carry, carried, needed);
            readFrame(carry, 0, out, frame++);
            position += needed;
            carried = 0;
        }
        while (end - position >= frameBytes) {
            readFrame(bytes, position, out, frame++);
            position += frameBytes;
        }
        carried = end - position;
        System.arraycopy(bytes, position, carry, 0, carried);
        return new PcmBlock(out, frame);
    }

    private void readFrame(byte[] bytes, int position, float[][] out, int frame) {
        int size = format.sampleFormat().bytesPerSample();
        for (int channel = 0; channel < out.length; channel++) {
            out[channel][frame] = sample(bytes, position + channel * size);
        }
    }

    private float sample(byte[] b, int i) {
        return switch (format.sampleFormat()) {
            case U8 -> ((b[i] & 0xFF) - 128) / 128f;
            case S16LE -> (short) ((b[i] & 0xFF) | (b[i + 1] << 8)) / 32768f;
            case S24LE -> ((b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | (b[i + 2] << 16)) / 8388608f;
            case S32LE -> int32(b, i) / 2147483648f;
            case F32LE -> clamp(Float.intBitsToFloat(int32(b, i)));
            case F64LE -> clamp((float) Double.longBitsToDouble(
                    (int32(b, i) & 0xFFFFFFFFL) | ((long) int32(b, i + 4) << 32)));
            case MULAW -> G711.mulaw(b[i]);
            case ALAW -> G711.alaw(b[i]);
        };
    }

    private static int int32(byte[] b, int i) {
        return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8) | ((b[i + 2] & 0xFF) << 16) | (b[i + 3] << 24);
    }

    /** Float audio may carry NaN or values past full scale; neither may reach the engine. */
    private static float clamp(float value) {
        if (Float.isNaN(value)) {
            return 0f;
        }
        return Math.max(-1f, Math.min(1f, value));
    }
}
