package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.SharedEngine;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Start-up warm-up: each recogniser decodes the bundled speech and waits in the pool, none left open. */
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
    void noWarmUpAsked() throws Exception {
        try (VoskEngine engine = VoskEngine.load(SharedEngine.modelDir(), "en", 4);
             DecodeLanes lanes = new DecodeLanes(1, System::nanoTime)) {
            assertThat(EngineWarmUp.start(engine, lanes, 0).getCount()).isZero();
            assertThat(engine.warmRecognizers()).isZero();
        }
    }
}
