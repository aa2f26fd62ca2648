package dev.earshot.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class OpenPacerTest {
    private static final int CORES = Runtime.getRuntime().availableProcessors();

    @Test
    void pacesByTheRecogniserBacklogWhereItCanBeCountedElseByRate() {
        assertThat(OpenPacer.of(0, () -> OptionalInt.of(0)).describe())
                .isEqualTo("at most " + 4 * CORES + " waiting for their recogniser");
        assertThat(OpenPacer.of(0, OptionalInt::empty).describe()).isEqualTo(10 * CORES + " per second");
        assertThat(OpenPacer.of(5, OptionalInt::empty).describe()).isEqualTo("5 per second");
    }

    @Test
    void anOpeningWaitsWhileTooManySessionsAwaitTheirRecogniser() throws InterruptedException {
        AtomicInteger recognisers = new AtomicInteger();
        OpenPacer pacer = OpenPacer.of(0, () -> OptionalInt.of(recognisers.get()));
        for (int i = 0; i < 4 * CORES; i++) {
            pacer.awaitTurn(i);
            pacer.sent();
        }
        Thread maker = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            recognisers.set(1);
        }, "test-recogniser-maker");
        long start = System.nanoTime();
        maker.start();
        pacer.awaitTurn(4 * CORES);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(250);
        maker.join();
    }
}
