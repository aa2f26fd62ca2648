package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.SharedEngine;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Start-up warm-up: each recogniser decodes the bundled speech, as recorded and as a phone carries it, and
 * waits in the pool, none left open.
 */
@Timeout(120)
class EngineWarmUpTest {
    @Test
    void warmsTheAskedNumberOfRecognisersIntoThePool() throws Exception {
        try (VoskEngine engine = VoskEngine.load(SharedEngine.modelDir(), "en", 4);
             DecodeLanes lanes = new DecodeLanes(2, System::nanoTime)) {
            CountDownLatch done = EngineWarmUp.start(engine, lanes, 3);
            assertThat(done.await(90, TimeUnit.SECONDS)).as("warm-up finished").isTrue();
            assertThat(engine.warmRecognizers()).isEqualTo(3);
            assertThat(engine.liveStreams()).isZero();
        }
    }

    @Test
    void theNarrowbandCopyKeepsTheVoiceBandAndLosesWhatAPhoneCannotCarry() {
        int rate = 16_000;
        float[] speech = new float[rate];
        for (int i = 0; i < speech.length; i++) {
            speech[i] = (float) (0.25 * (Math.sin(2 * Math.PI * 1_000 * i / rate)
                    + Math.sin(2 * Math.PI * 6_000 * i / rate)));
        }
        float[] narrow = EngineWarmUp.narrowband(speech, rate);
        assertThat(narrow).hasSameSizeAs(speech);
        assertThat(amplitude(narrow, 1_000, rate)).as("1 kHz").isCloseTo(0.25, within(0.006));
        assertThat(amplitude(narrow, 6_000, rate)).as("6 kHz").isLessThan(0.0025); // > 40 dB down
    }

    /** The amplitude of one frequency over the middle half second (a single-bin DFT). */
    private static double amplitude(float[] samples, double frequencyHz, int rateHz) {
        double re = 0;
        double im = 0;
        int from = samples.length / 4;
        int count = samples.length / 2;
        for (int i = from; i < from + count; i++) {
            double phase = 2 * Math.PI * frequencyHz * i / rateHz;
            re += samples[i] * Math.cos(phase);
            im += samples[i] * Math.sin(phase);
        }
        return 2 * Math.hypot(re, im) / count;
    }

    @Test
    void noWarmUpAsked() throws Exception {
        try (VoskEngine engine = VoskEngine.load(SharedEngine.modelDir(), "en", 4);
             DecodeLanes lanes = new DecodeLanes(1, System::nanoTime)) {
            assertThat(EngineWarmUp.start(engine, lanes, 0).getCount()).isZero();
            assertThat(engine.warmRecognizers()).isZero();
        }
    }
}
