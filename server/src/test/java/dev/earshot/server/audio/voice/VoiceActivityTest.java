package dev.earshot.server.audio.voice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Voice activity at 16 kHz: onsets, clicks, pauses and the adaptive noise floor. */
@Timeout(30)
class VoiceActivityTest {
    private static final int RATE = 16_000;
    private static final int FRAME = RATE / VoiceActivity.FRAMES_PER_SECOND;
    private static final int MIN_PAUSE_MS = 300;
    /** ±10 ms. */
    private static final long TOLERANCE = RATE / 100;

    /** Builds a signal segment by segment. */
    private static final class Signal {
        private float[] samples = new float[0];

        Signal silence(int n) {
            return append(new float[n]);
        }

        Signal tone(int n, double amplitude, double frequencyHz) {
            float[] tone = new float[n];
            for (int i = 0; i < n; i++) {
                tone[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / RATE));
            }
            return append(tone);
        }

        Signal append(float[] more) {
            float[] joined = java.util.Arrays.copyOf(samples, samples.length + more.length);
            System.arraycopy(more, 0, joined, samples.length, more.length);
            samples = joined;
            return this;
        }

        /** Adds white Gaussian noise of the given RMS level (dBFS) over everything so far. */
        Signal plusNoise(double dbfs, long seed) {
            Random random = new Random(seed);
            double sigma = Math.pow(10, dbfs / 20);
            for (int i = 0; i < samples.length; i++) {
                samples[i] += (float) (random.nextGaussian() * sigma);
            }
            return this;
        }

        int length() {
            return samples.length;
        }

        float[] samples() {
            return samples;
        }
    }

    private static int ms(int milliseconds) {
        return RATE * milliseconds / 1000;
    }

    /** Feeds in chunks of {@code chunk} samples (not aligned with 10 ms frames), collecting onsets. */
    private static List<Long> feed(VoiceActivity vad, float[] samples, int chunk) {
        List<Long> onsets = new ArrayList<>();
        for (int position = 0; position < samples.length; position += chunk) {
            int count = Math.min(chunk, samples.length - position);
            float[] piece = new float[count + 3];
            System.arraycopy(samples, position, piece, 0, count);
            piece[count] = 1f; // past count: must be ignored
            onsets.addAll(vad.accept(piece, count));
        }
        return onsets;
    }

    private static List<Long> feed(VoiceActivity vad, Signal signal) {
        return feed(vad, signal.samples(), 97);
    }

    @Test
    void silenceHasNoOnset() {
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        assertThat(vad.lastSpeechEnd()).isEqualTo(-1);
        assertThat(vad.quietSamples()).isZero();
        assertThat(feed(vad, new Signal().silence(ms(2000)))).isEmpty();
        assertThat(vad.isSpeaking()).isFalse();
        assertThat(vad.lastSpeechEnd()).isEqualTo(-1);
        assertThat(vad.quietSamples()).isEqualTo(ms(2000));
    }

    @Test
    void quietSamplesCountsOnlyCompleteFrames() {
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        feed(vad, new float[FRAME * 7 + FRAME - 1], FRAME * 7 + FRAME - 1);
        assertThat(vad.quietSamples()).isEqualTo(FRAME * 7);
        vad.accept(new float[1], 1);
        assertThat(vad.quietSamples()).isEqualTo(FRAME * 8);
    }

    @Test
    void aToneAfterSilenceHasExactlyOneOnsetAtItsStart() {
        Signal signal = new Signal().silence(ms(1000)).tone(ms(800), 0.3, 300).silence(ms(500));
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        List<Long> onsets = feed(vad, signal);
        assertThat(onsets).hasSize(1);
        assertThat(onsets.get(0)).isCloseTo((long) ms(1000), within(TOLERANCE));
        assertThat(vad.lastSpeechEnd()).isEqualTo(ms(1800));
        assertThat(vad.quietSamples()).isEqualTo(ms(500));
        assertThat(vad.isSpeaking()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 37, 80, 159, 160, 161, 999})
    void theOnsetIsWithinTenMillisecondsWhereverTheToneStarts(int offset) {
        int start = ms(1000) + offset;
        Signal signal = new Signal().silence(start).tone(ms(500), 0.3, 440);
        List<Long> onsets = feed(new VoiceActivity(RATE, MIN_PAUSE_MS), signal);
        assertThat(onsets).hasSize(1);
        assertThat(onsets.get(0)).isCloseTo((long) start, within(TOLERANCE));
    }

    @Test
    void theOnsetIsReportedThirtyMillisecondsIn() {
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        assertThat(feed(vad, new Signal().silence(ms(500)).samples(), 160)).isEmpty();
        float[] tone = new Signal().tone(ms(100), 0.3, 300).samples();
        assertThat(vad.accept(tone, ms(20))).isEmpty();
        assertThat(vad.isSpeaking()).isFalse();
        float[] rest = java.util.Arrays.copyOfRange(tone, ms(20), tone.length);
        assertThat(vad.accept(rest, ms(10))).containsExactly((long) ms(500));
        assertThat(vad.isSpeaking()).isTrue();
        assertThat(vad.lastSpeechEnd()).isEqualTo(ms(530));
    }

    @Test
    void chunkingDoesNotChangeTheResult() {
        Signal signal = new Signal().silence(ms(700)).tone(ms(400), 0.2, 250).silence(ms(350)).tone(ms(300), 0.2, 250)
                .silence(ms(100));
        List<Long> reference = feed(new VoiceActivity(RATE, MIN_PAUSE_MS), signal.samples(), signal.length());
        assertThat(reference).hasSize(2);
        for (int chunk : new int[]{1, 7, 160, 161, 320, 4096}) {
            VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
            assertThat(feed(vad, signal.samples(), chunk)).as("chunk %d", chunk).isEqualTo(reference);
            assertThat(vad.lastSpeechEnd()).isEqualTo(ms(1750));
        }
    }

    @Test
    void aTwentyMillisecondClickOnTheFrameGridIsNotSpeech() {
        Signal signal = new Signal().silence(ms(1000)).tone(ms(20), 0.8, 1000).silence(ms(1000));
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        assertThat(feed(vad, signal)).isEmpty();
        assertThat(vad.isSpeaking()).isFalse();
        assertThat(vad.lastSpeechEnd()).isEqualTo(-1);
    }

    @Test
    void aTwentyMillisecondClickAcrossThreeFramesIsNotSpeech() {
        // The same click, starting half-way into a 10 ms frame: real clicks do not align with our frames.
        Signal signal = new Signal().silence(ms(1000) + FRAME / 2).tone(ms(20), 0.8, 1000).silence(ms(1000));
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        assertThat(feed(vad, signal)).isEmpty();
        assertThat(vad.isSpeaking()).isFalse();
    }

    @Test
    void aThirtyMillisecondBurstIsSpeech() {
        Signal signal = new Signal().silence(ms(1000)).tone(ms(30), 0.8, 1000).silence(ms(1000));
        assertThat(feed(new VoiceActivity(RATE, MIN_PAUSE_MS), signal)).containsExactly((long) ms(1000));
    }

    @Test
    void aPauseShorterThanMinPauseKeepsSpeaking() {
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        List<Long> onsets = new ArrayList<>(feed(vad, new Signal().silence(ms(500)).tone(ms(500), 0.3, 300)));
        assertThat(vad.isSpeaking()).isTrue();
        onsets.addAll(feed(vad, new Signal().silence(ms(200))));
        assertThat(vad.isSpeaking()).isTrue();
        assertThat(vad.quietSamples()).isEqualTo(ms(200));
        onsets.addAll(feed(vad, new Signal().tone(ms(500), 0.3, 300)));
        assertThat(vad.isSpeaking()).isTrue();
        assertThat(onsets).containsExactly((long) ms(500));
    }

    @Test
    void aPauseOfMinPauseEndsSpeechExactly() {
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        feed(vad, new Signal().silence(ms(500)).tone(ms(500), 0.3, 300));
        assertThat(vad.isSpeaking()).isTrue();
        feed(vad, new float[ms(MIN_PAUSE_MS) - FRAME], 160);
        assertThat(vad.isSpeaking()).as("after 290 ms").isTrue();
        vad.accept(new float[FRAME], FRAME);
        assertThat(vad.isSpeaking()).as("after 300 ms").isFalse();
        assertThat(vad.lastSpeechEnd()).isEqualTo(ms(1000));
        assertThat(vad.quietSamples()).isEqualTo(ms(MIN_PAUSE_MS));
        List<Long> again = feed(vad, new Signal().silence(ms(100)).tone(ms(200), 0.3, 300));
        assertThat(again).containsExactly((long) ms(1400));
        assertThat(vad.isSpeaking()).isTrue();
    }

    @Test
    void quietSamplesCountsFromTheEndOfSpeech() {
        VoiceActivity vad = new VoiceActivity(RATE, 1000);
        feed(vad, new Signal().silence(ms(300)).tone(ms(400), 0.3, 300));
        assertThat(vad.lastSpeechEnd()).isEqualTo(ms(700));
        assertThat(vad.quietSamples()).isZero();
        feed(vad, new float[ms(250) + 50], 333);
        assertThat(vad.quietSamples()).isEqualTo(ms(250));
        assertThat(vad.isSpeaking()).isTrue(); // 250 ms < 1000 ms pause
        feed(vad, new float[ms(2000)], 1000);
        assertThat(vad.quietSamples()).isEqualTo(ms(2250));
        assertThat(vad.isSpeaking()).isFalse();
        assertThat(vad.lastSpeechEnd()).isEqualTo(ms(700));
    }

    @Test
    void veryQuietTonesAreNotSpeech() {
        // -55 dBFS RMS: below the absolute minimum, whatever the floor.
        Signal signal = new Signal().silence(ms(1000)).tone(ms(1000), Math.pow(10, -55 / 20.0) * Math.sqrt(2), 300);
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        assertThat(feed(vad, signal)).isEmpty();
    }

    @Test
    void quietNoiseBelowTheAbsoluteMinimumThenATone() {
        Signal signal = new Signal().silence(ms(3000)).tone(ms(1000), 0.1, 300).plusNoise(-55, 5);
        List<Long> onsets = feed(new VoiceActivity(RATE, MIN_PAUSE_MS), signal);
        assertThat(onsets).hasSize(1);
        assertThat(onsets.get(0)).isCloseTo((long) ms(3000), within(TOLERANCE));
    }

    @Test
    void steadyNoiseIsNotSpeechOnlyTheToneIs() {
        // -45 dBFS white noise throughout (a quiet room through a cheap microphone), a -23 dBFS tone at 3 s.
        Signal signal = new Signal().silence(ms(3000)).tone(ms(1000), 0.1, 300).silence(ms(1000)).plusNoise(-45, 42);
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        List<Long> onsets = feed(vad, signal);
        assertThat(onsets).as("onsets (samples)").hasSize(1);
        assertThat(onsets.get(0)).isCloseTo((long) ms(3000), within(TOLERANCE));
        assertThat(vad.isSpeaking()).isFalse();
    }

    @Test
    void noiseAfterDigitalSilenceIsLearntWithinTheFloorWindow() {
        // Many capture paths start with zeros before the microphone opens. Loud room noise right after them is
        // taken for speech until the floor window (3 s) has moved past the zeros (documented trade-off: a
        // steady level cannot tell a hum from a voice); then it is noise, and speech over it is found.
        VoiceActivity vad = new VoiceActivity(RATE, MIN_PAUSE_MS);
        Signal noise = new Signal().silence(ms(6000)).tone(ms(1000), 0.1, 300).silence(ms(1000)).plusNoise(-45, 43);
        float[] signal = new Signal().silence(ms(500)).append(noise.samples()).samples();
        int learnt = ms(500 + 3000) + ms(MIN_PAUSE_MS) + FRAME;
        feed(vad, java.util.Arrays.copyOf(signal, learnt), FRAME);
        assertThat(vad.isSpeaking()).as("the noise is learnt once the window has passed the zeros").isFalse();
        List<Long> onsets = feed(vad, java.util.Arrays.copyOfRange(signal, learnt, signal.length), FRAME);
        assertThat(onsets).as("onsets (samples) after the window").hasSize(1);
        assertThat(onsets.get(0)).isCloseTo((long) ms(6500), within(TOLERANCE));
    }

    @Test
    void aFiveMillisecondDipIsNotThirtyOfQuiet() {
        VoiceActivity vad = new VoiceActivity(RATE, 200);
        feed(vad, new Signal().silence(ms(100)).tone(ms(1000), 0.3, 300));
        feed(vad, new float[FRAME], FRAME); // one 5 ms dip
        feed(vad, new Signal().tone(ms(25), 0.3, 300));
        assertThat(vad.isSpeaking()).isTrue();
        assertThat(vad.samplesSinceVoice()).as("voice is on again").isZero();
        feed(vad, new float[3 * FRAME], FRAME);
        assertThat(vad.samplesSinceVoice()).isEqualTo(3 * FRAME);
    }
}
