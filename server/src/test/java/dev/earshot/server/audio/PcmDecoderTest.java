package dev.earshot.server.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Raw interleaved samples, every sample format, cut anywhere. */
@Timeout(30)
public class PcmDecoderTest {

    static float[] mono(SampleFormat format, int... bytes) {
        PcmDecoder decoder = new PcmDecoder(new AudioFormat(format, 16_000, 1));
        PcmBlock block = decoder.decode(bytes(bytes), 0, bytes.length);
        return Arrays.copyOf(block.channels()[0], block.frames());
    }

    static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    /** Every channel's decoded samples, trimmed to {@code frames}. */
    public static float[][] trimmed(PcmBlock block) {
        float[][] out = new float[block.channelCount()][];
        for (int c = 0; c < out.length; c++) {
            out[c] = Arrays.copyOf(block.channels()[c], block.frames());
        }
        return out;
    }

    /** Concatenates blocks channel by channel, honouring each block's frame count. */
    public static float[][] join(int channels, Iterable<PcmBlock> blocks) {
        float[][] out = new float[channels][0];
        for (PcmBlock block : blocks) {
            if (block.frames() == 0) {
                continue;
            }
            assertThat(block.channelCount()).isEqualTo(channels);
            for (int c = 0; c < channels; c++) {
                int old = out[c].length;
                out[c] = Arrays.copyOf(out[c], old + block.frames());
                System.arraycopy(block.channels()[c], 0, out[c], old, block.frames());
            }
        }
        return out;
    }

    @Test
    void s16le() {
        assertThat(mono(SampleFormat.S16LE, 0x00, 0x00, 0x00, 0x80, 0xFF, 0x7F, 0x00, 0x40, 0x01, 0x00, 0xFF, 0xFF))
                .containsExactly(0f, -1f, 32767f / 32768f, 0.5f, 1f / 32768f, -1f / 32768f);
    }

    @Test
    void u8() {
        assertThat(mono(SampleFormat.U8, 0x80, 0x00, 0xFF, 0xC0, 0x40))
                .containsExactly(0f, -1f, 127f / 128f, 0.5f, -0.5f);
    }

    @Test
    void s24le() {
        assertThat(mono(SampleFormat.S24LE, 0, 0, 0, 0x00, 0x00, 0x80, 0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x40, 0xFF, 0xFF,
                0xFF, 0x01, 0x00, 0x00))
                .containsExactly(0f, -1f, 8388607f / 8388608f, 0.5f, -1f / 8388608f, 1f / 8388608f);
    }

    @Test
    void s32le() {
        assertThat(mono(SampleFormat.S32LE, 0, 0, 0, 0, 0, 0, 0, 0x80, 0, 0, 0, 0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0,
                0xC0)).containsExactly(0f, -1f, 0.5f, -1f / 2147483648f, -0.5f);
        assertThat(mono(SampleFormat.S32LE, 0xFF, 0xFF, 0xFF, 0x7F)[0]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void f32leIsClampedAndNaNBecomesZero() {
        ByteBuffer buffer = ByteBuffer.allocate(4 * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : new float[]{0.25f, -0.75f, 2.0f, -3.0f, Float.NaN, Float.POSITIVE_INFINITY,
                Float.NEGATIVE_INFINITY, 1e-7f}) {
            buffer.putFloat(value);
        }
        assertThat(decodeAll(SampleFormat.F32LE, buffer.array()))
                .containsExactly(0.25f, -0.75f, 1f, -1f, 0f, 1f, -1f, 1e-7f);
    }

    @Test
    void f64leIsClampedAndNaNBecomesZero() {
        ByteBuffer buffer = ByteBuffer.allocate(8 * 6).order(ByteOrder.LITTLE_ENDIAN);
        for (double value : new double[]{0.125, -0.5, 1.5, Double.NaN, -1e300, 0.1}) {
            buffer.putDouble(value);
        }
        assertThat(decodeAll(SampleFormat.F64LE, buffer.array())).containsExactly(0.125f, -0.5f, 1f, 0f, -1f, 0.1f);
    }

    private static float[] decodeAll(SampleFormat format, byte[] data) {
        PcmBlock block = new PcmDecoder(new AudioFormat(format, 8_000, 1)).decode(data, 0, data.length);
        return Arrays.copyOf(block.channels()[0], block.frames());
    }

    @Test
    void mulawKnownValues() {
        float[] decoded = mono(SampleFormat.MULAW, 0xFF, 0x7F, 0x00, 0x80, 0xF0);
        assertThat(decoded[0]).isEqualTo(0f);
        assertThat(decoded[1]).isEqualTo(0f);
        assertThat(decoded[2]).isEqualTo(-32124f / 32768f).isCloseTo(-1f, within(0.02f));
        assertThat(decoded[3]).isEqualTo(32124f / 32768f);
        assertThat(decoded[4]).isEqualTo(120f / 32768f); // exponent 0, mantissa 15: (15*8 + 132) - 132
    }

    @Test
    void alawKnownValues() {
        float[] decoded = mono(SampleFormat.ALAW, 0xD5, 0x55, 0xAA, 0x2A);
        assertThat(decoded[0]).isEqualTo(8f / 32768f).isCloseTo(0f, within(0.001f));
        assertThat(decoded[1]).isEqualTo(-8f / 32768f);
        assertThat(decoded[2]).isEqualTo(32256f / 32768f);
        assertThat(decoded[3]).isEqualTo(-32256f / 32768f);
    }

    @Test
    void mulawMatchesJavaSoundForAll256Codes() throws Exception {
        assertMatchesJavaSound(SampleFormat.MULAW, javax.sound.sampled.AudioFormat.Encoding.ULAW);
    }

    @Test
    void alawMatchesJavaSoundForAll256Codes() throws Exception {
        assertMatchesJavaSound(SampleFormat.ALAW, javax.sound.sampled.AudioFormat.Encoding.ALAW);
    }

    private static void assertMatchesJavaSound(SampleFormat format, javax.sound.sampled.AudioFormat.Encoding encoding)
            throws Exception {
        byte[] codes = new byte[256];
        for (int i = 0; i < 256; i++) {
            codes[i] = (byte) i;
        }
        javax.sound.sampled.AudioFormat source = new javax.sound.sampled.AudioFormat(encoding, 8000, 8, 1, 1, 8000, false);
        javax.sound.sampled.AudioFormat target = new javax.sound.sampled.AudioFormat(
                javax.sound.sampled.AudioFormat.Encoding.PCM_SIGNED, 8000, 16, 1, 2, 8000, false);
        byte[] linear;
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(codes), source, 256);
             AudioInputStream out = AudioSystem.getAudioInputStream(target, in)) {
            linear = out.readAllBytes();
        }
        assertThat(linear).hasSize(512);
        float[] ours = decodeAll(format, codes);
        for (int i = 0; i < 256; i++) {
            short reference = (short) ((linear[2 * i] & 0xFF) | (linear[2 * i + 1] << 8));
            assertThat(ours[i] * 32768f).as("code 0x%02x", i).isEqualTo((float) reference);
        }
    }

    @Test
    void multichannelIsDeinterleaved() {
        AudioFormat stereo = new AudioFormat(SampleFormat.S16LE, 16_000, 2);
        byte[] data = bytes(0x01, 0x00, 0xFF, 0xFF, 0x02, 0x00, 0xFE, 0xFF, 0x00, 0x40, 0x00, 0xC0);
        PcmBlock block = new PcmDecoder(stereo).decode(data, 0, data.length);
        assertThat(block.frames()).isEqualTo(3);
        assertThat(block.channelCount()).isEqualTo(2);
        assertThat(trimmed(block)[0]).containsExactly(1f / 32768, 2f / 32768, 0.5f);
        assertThat(trimmed(block)[1]).containsExactly(-1f / 32768, -2f / 32768, -0.5f);
    }

    @Test
    void threeChannelMulawIsDeinterleaved() {
        PcmBlock block = new PcmDecoder(new AudioFormat(SampleFormat.MULAW, 8_000, 3))
                .decode(bytes(0xFF, 0x00, 0x80, 0x80, 0xFF, 0x00), 0, 6);
        float max = 32124f / 32768f;
        assertThat(trimmed(block)).isDeepEqualTo(new float[][]{{0f, max}, {-max, 0f}, {max, -max}});
    }

    @Test
    void mixdownAveragesChannels() {
        PcmBlock block = new PcmDecoder(new AudioFormat(SampleFormat.S16LE, 16_000, 2))
                .decode(bytes(0x00, 0x40, 0x00, 0x00, 0x00, 0x40, 0x00, 0x40), 0, 8);
        assertThat(block.mixdown()).containsExactly(0.25f, 0.5f);
    }

    @Test
    void offsetAndLengthAreHonoured() {
        byte[] data = bytes(0x11, 0x22, 0x00, 0x40, 0x00, 0xC0, 0x33);
        PcmBlock block = new PcmDecoder(new AudioFormat(SampleFormat.S16LE, 16_000, 1)).decode(data, 2, 4);
        assertThat(trimmed(block)[0]).containsExactly(0.5f, -0.5f);
    }

    @Test
    void incompleteFramesWaitForTheNextCall() {
        PcmDecoder decoder = new PcmDecoder(new AudioFormat(SampleFormat.S24LE, 16_000, 2));
        assertThat(decoder.decode(bytes(0, 0, 0x40, 0), 0, 4).frames()).isZero();
        assertThat(decoder.decode(bytes(0), 0, 1).frames()).isZero();
        assertThat(decoder.decode(new byte[0], 0, 0).frames()).isZero();
        PcmBlock block = decoder.decode(bytes(0xC0, 0, 0, 0x20), 0, 4);
        assertThat(block.frames()).isEqualTo(1);
        assertThat(trimmed(block)).isDeepEqualTo(new float[][]{{0.5f}, {-0.5f}});
        assertThat(decoder.format()).contains(new AudioFormat(SampleFormat.S24LE, 16_000, 2));
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void everySplitPointGivesTheSameSamplesAsOneShot(SampleFormat sampleFormat) {
        AudioFormat format = new AudioFormat(sampleFormat, 16_000, 3);
        byte[] data = randomAudio(sampleFormat, 3, 37, new Random(42));
        float[][] oneShot = trimmed(new PcmDecoder(format).decode(data, 0, data.length));
        assertThat(oneShot[0]).hasSize(37);
        for (int split = 0; split <= data.length; split++) {
            PcmDecoder decoder = new PcmDecoder(format);
            PcmBlock first = decoder.decode(data, 0, split);
            PcmBlock second = decoder.decode(data, split, data.length - split);
            assertThat(join(3, java.util.List.of(first, second))).as("split at %d", split).isDeepEqualTo(oneShot);
        }
        for (int split = 1; split < data.length; split++) {
            PcmDecoder decoder = new PcmDecoder(format);
            java.util.List<PcmBlock> blocks = new java.util.ArrayList<>();
            for (int i = 0; i < data.length; i += split) {
                blocks.add(decoder.decode(data, i, Math.min(split, data.length - i)));
            }
            assertThat(join(3, blocks)).as("pieces of %d bytes", split).isDeepEqualTo(oneShot);
        }
    }

    @ParameterizedTest
    @EnumSource(SampleFormat.class)
    void randomSplitsGiveTheSameSamplesAsOneShot(SampleFormat sampleFormat) {
        AudioFormat format = new AudioFormat(sampleFormat, 48_000, 2);
        Random random = new Random(7);
        byte[] data = randomAudio(sampleFormat, 2, 2_000, random);
        float[][] oneShot = trimmed(new PcmDecoder(format).decode(data, 0, data.length));
        for (int round = 0; round < 20; round++) {
            PcmDecoder decoder = new PcmDecoder(format);
            java.util.List<PcmBlock> blocks = new java.util.ArrayList<>();
            int position = 0;
            while (position < data.length) {
                int size = Math.min(random.nextInt(40), data.length - position);
                // copy into a larger array at an offset, as a socket buffer would hand it over
                byte[] frame = new byte[size + 10];
                System.arraycopy(data, position, frame, 5, size);
                blocks.add(decoder.decode(frame, 5, size));
                position += size;
            }
            assertThat(join(2, blocks)).isDeepEqualTo(oneShot);
        }
    }

    /** Random bytes, except that float formats get real (finite, in-range) values so that NaN clamping is not all we see. */
    private static byte[] randomAudio(SampleFormat format, int channels, int frames, Random random) {
        int samples = channels * frames;
        ByteBuffer buffer = ByteBuffer.allocate(samples * format.bytesPerSample()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            if (format == SampleFormat.F32LE) {
                buffer.putFloat(random.nextFloat() * 2 - 1);
            } else if (format == SampleFormat.F64LE) {
                buffer.putDouble(random.nextDouble() * 2 - 1);
            } else {
                byte[] sample = new byte[format.bytesPerSample()];
                random.nextBytes(sample);
                buffer.put(sample);
            }
        }
        return buffer.array();
    }
}
