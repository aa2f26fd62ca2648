package dev.earshot.server.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Band-limited resampling to the engine's rate: lengths, fidelity, anti-aliasing, chunking, alignment. */
@Timeout(60)
class ResamplerTest {

    static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Everything the resampler makes from {@code input}, fed at once, then flushed. */
    static float[] oneShot(int inRate, int outRate, float[] input) {
        Resampler resampler = new Resampler(inRate, outRate);
        return concat(resampler.process(input, input.length), resampler.flush());
    }

    static float[] sine(double frequencyHz, double amplitude, int rateHz, int samples) {
        float[] out = new float[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / rateHz));
        }
        return out;
    }

    static long expectedLength(long inputs, long inRate, long outRate) {
        return (inputs * outRate + inRate - 1) / inRate;
    }

    private static double rms(float[] samples, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += samples[i] * (double) samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    @ParameterizedTest
    @CsvSource({"8000,16000,8000", "8000,16000,1001", "8000,16000,1", "44100,16000,44100", "44100,16000,1000",
            "44100,16000,7", "48000,16000,48000", "48000,16000,1000", "48000,16000,1001", "22050,16000,22050",
            "22050,16000,999", "16000,16000,777", "16000,8000,1001", "11025,16000,333", "96000,16000,12345"})
    void outputLengthIsCeilOfInputTimesRatio(int inRate, int outRate, int inputs) {
        Resampler resampler = new Resampler(inRate, outRate);
        float[] processed = resampler.process(new float[inputs], inputs);
        float[] flushed = resampler.flush();
        assertThat((long) processed.length + flushed.length).isEqualTo(expectedLength(inputs, inRate, outRate));
        assertThat(resampler.flush()).isEmpty();
    }

    @Test
    void wellKnownLengths() {
        assertThat(oneShot(8_000, 16_000, new float[8_000])).hasSize(16_000);
        assertThat(oneShot(44_100, 16_000, new float[44_100])).hasSize(16_000);
        assertThat(oneShot(48_000, 16_000, new float[48_000])).hasSize(16_000);
        assertThat(oneShot(22_050, 16_000, new float[22_050])).hasSize(16_000);
        assertThat(oneShot(16_000, 16_000, new float[16_000])).hasSize(16_000);
        assertThat(oneShot(44_100, 16_000, new float[1_000])).hasSize(363);
        assertThat(oneShot(48_000, 16_000, new float[1_000])).hasSize(334);
    }

    @Test
    void chunkedLengthsAddUpToo() {
        Resampler resampler = new Resampler(44_100, 16_000);
        long total = 0;
        Random random = new Random(3);
        long inputs = 0;
        for (int i = 0; i < 500; i++) {
            int count = random.nextInt(300);
            inputs += count;
            float[] out = resampler.process(new float[count + 5], count);
            total += out.length;
            assertThat(total).isLessThanOrEqualTo(expectedLength(inputs, 44_100, 16_000));
        }
        total += resampler.flush().length;
        assertThat(total).isEqualTo(expectedLength(inputs, 44_100, 16_000));
    }

    @Test
    void passThroughIsAnExactCopy() {
        Resampler resampler = new Resampler(16_000, 16_000);
        assertThat(resampler.isPassThrough()).isTrue();
        float[] input = sine(440, 0.5, 16_000, 1000);
        float[] longer = Arrays.copyOf(input, 1200);
        longer[1100] = 0.9f;
        assertThat(resampler.process(longer, 1000)).containsExactly(input);
        assertThat(resampler.flush()).isEmpty();
        assertThat(new Resampler(48_000, 16_000).isPassThrough()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"44100,16000,440", "48000,16000,1000", "8000,16000,1000", "22050,16000,440", "8000,16000,440",
            "48000,16000,3000", "16000,16000,1000", "11025,16000,1000", "44101,16000,440", "7999,16000,1000"})
    void aSineKeepsItsFrequencyAmplitudeAndPhase(int inRate, int outRate, double frequency) {
        double amplitude = 0.5;
        float[] out = oneShot(inRate, outRate, sine(frequency, amplitude, inRate, inRate));
        assertThat(out).hasSize(outRate);
        float[] expected = sine(frequency, amplitude, outRate, outRate);
        int from = outRate / 10;
        int to = outRate - outRate / 10;
        // Output sample k sits at input time k * in / out: the same sine, sample for sample, no delay.
        double maxError = 0;
        for (int k = from; k < to; k++) {
            maxError = Math.max(maxError, Math.abs(out[k] - expected[k]));
        }
        assertThat(maxError).as("max deviation from the ideal sine").isLessThan(0.01 * amplitude);
        // Amplitude within 2 %, measured by RMS.
        assertThat(rms(out, from, to) * Math.sqrt(2)).isCloseTo(amplitude, within(0.02 * amplitude));
        // Frequency by zero crossings over the middle 0.8 s: 2 per period.
        int crossings = 0;
        for (int k = from + 1; k < to; k++) {
            if ((out[k - 1] < 0) != (out[k] < 0)) {
                crossings++;
            }
        }
        assertThat(crossings).isCloseTo((int) Math.round(2 * frequency * 0.8), within(2));
    }

    @ParameterizedTest
    @CsvSource({"48000,16000,12000", "44100,16000,12000", "44100,16000,10000", "48000,16000,20000",
            "32000,16000,9500"})
    void toneAboveTheNewNyquistIsAttenuatedByMoreThan40dB(int inRate, int outRate, double frequency) {
        float[] input = sine(frequency, 0.5, inRate, inRate);
        float[] out = oneShot(inRate, outRate, input);
        double inputRms = rms(input, 0, input.length);
        double outputRms = rms(out, outRate / 10, outRate - outRate / 10);
        double attenuationDb = 20 * Math.log10(inputRms / outputRms);
        assertThat(attenuationDb).isGreaterThan(40);
    }

    @Test
    void aToneInThePassbandNextToAStopbandToneSurvivesAlone() {
        float[] low = sine(1_000, 0.3, 48_000, 48_000);
        float[] high = sine(12_000, 0.3, 48_000, 48_000);
        float[] mixed = new float[48_000];
        for (int i = 0; i < mixed.length; i++) {
            mixed[i] = low[i] + high[i];
        }
        float[] out = oneShot(48_000, 16_000, mixed);
        float[] expected = sine(1_000, 0.3, 16_000, 16_000);
        for (int k = 1_600; k < 14_400; k++) {
            assertThat((double) out[k]).as("sample %d", k).isCloseTo(expected[k], within(0.005));
        }
    }

    @Test
    void dcIsPreserved() {
        float[] input = new float[44_100];
        Arrays.fill(input, 0.5f);
        float[] out = oneShot(44_100, 16_000, input);
        for (int k = 200; k < 15_800; k++) {
            assertThat((double) out[k]).as("sample %d", k).isCloseTo(0.5, within(0.001));
        }
    }

    @ParameterizedTest
    @CsvSource({"48000,16000", "44100,16000", "8000,16000", "22050,16000", "16000,16000", "11025,16000", "44101,16000"})
    void chunkedProcessingEqualsOneShotSampleForSample(int inRate, int outRate) {
        Random random = new Random(inRate);
        float[] input = new float[inRate];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (random.nextGaussian() * 0.2);
        }
        float[] expected = oneShot(inRate, outRate, input);
        for (int round = 0; round < 5; round++) {
            Resampler resampler = new Resampler(inRate, outRate);
            float[] out = new float[expected.length + 16];
            int produced = 0;
            int position = 0;
            while (position < input.length) {
                int count = Math.min(random.nextInt(round == 0 ? 3 : 900), input.length - position);
                float[] chunk = new float[count + random.nextInt(4)];
                System.arraycopy(input, position, chunk, 0, count);
                Arrays.fill(chunk, count, chunk.length, 0.99f); // junk past count must be ignored
                float[] piece = resampler.process(chunk, count);
                System.arraycopy(piece, 0, out, produced, piece.length);
                produced += piece.length;
                position += count;
            }
            float[] tail = resampler.flush();
            System.arraycopy(tail, 0, out, produced, tail.length);
            produced += tail.length;
            assertThat(Arrays.copyOf(out, produced)).as("round %d", round).containsExactly(expected);
        }
    }

    @ParameterizedTest
    @CsvSource({"48000,16000,3000", "48000,16000,3003", "44100,16000,4410", "44100,16000,5000", "8000,16000,1000",
            "22050,16000,2205", "16000,16000,1234"})
    void anImpulseComesOutWhereItWentIn(int inRate, int outRate, int at) {
        float[] input = new float[inRate];
        input[at] = 1f;
        float[] out = oneShot(inRate, outRate, input);
        int peak = 0;
        for (int k = 1; k < out.length; k++) {
            if (Math.abs(out[k]) > Math.abs(out[peak])) {
                peak = k;
            }
        }
        double ideal = (double) at * outRate / inRate;
        assertThat((double) peak).isCloseTo(ideal, within(0.5 + 1e-9));
    }

    @Test
    void anImpulseOnAnOutputInstantIsSymmetric() {
        float[] input = new float[48_000];
        input[3_000] = 1f;
        float[] out = oneShot(48_000, 16_000, input);
        for (int d = 1; d < 20; d++) {
            assertThat(out[1_000 + d]).as("offset %d", d).isCloseTo(out[1_000 - d], within(1e-6f));
        }
        assertThat(out[1_000]).isGreaterThan(0.2f);
    }

    @Test
    void upsamplingKeepsTheOriginalSamplesAtEvenIndices() {
        Random random = new Random(11);
        float[] input = new float[4_000];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (Math.sin(2 * Math.PI * 300 * i / 8000.0) * 0.4 + random.nextGaussian() * 0.001);
        }
        float[] out = oneShot(8_000, 16_000, input);
        for (int i = 100; i < 3_900; i++) {
            assertThat(out[2 * i]).as("input %d", i).isCloseTo(input[i], within(0.01f));
        }
    }

    @Test
    void rejectsNonPositiveRates() {
        assertThatThrownBy(() -> new Resampler(0, 16_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Resampler(16_000, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({"8000,16000", "12000,16000", "24000,16000", "32000,16000", "48000,16000", "96000,16000", "44100,16000",
            "22050,16000", "11025,16000", "16000,8000"})
    void precomputedTapsGiveWhatTapsComputedPerSampleGive(int inRate, int outRate) {
        float[] input = new float[inRate / 2];
        Random random = new Random(7);
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) (random.nextGaussian() * 0.3);
        }
        Resampler precomputed = new Resampler(inRate, outRate);
        Resampler perSample = new Resampler(inRate, outRate, false);
        float[] frame = new float[inRate / 50]; // 20 ms frames, as telephony sends them
        for (int from = 0; from < input.length; from += frame.length) {
            int count = Math.min(frame.length, input.length - from);
            System.arraycopy(input, from, frame, 0, count);
            float[] expected = perSample.process(frame, count);
            float[] actual = precomputed.process(frame, count);
            assertThat(actual).hasSameSizeAs(expected);
            for (int k = 0; k < expected.length; k++) {
                // float taps against double ones: far below a 16-bit step (3e-5)
                assertThat(actual[k]).as("sample %d after input %d", k, from).isCloseTo(expected[k], within(1e-6f));
            }
        }
        assertThat(precomputed.flush()).containsExactly(perSample.flush(), within(1e-6f));
    }
}
