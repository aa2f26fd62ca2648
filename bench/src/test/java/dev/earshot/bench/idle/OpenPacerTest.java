package dev.earshot.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
        AtomicBoolean backlogFull = new AtomicBoolean();
        CountDownLatch polledWhileFull = new CountDownLatch(3);
        OpenPacer pacer = OpenPacer.of(0, () -> {
            int made = recognisers.get();
            if (backlogFull.get() && made == 0) {
                polledWhileFull.countDown();
            }
            return OptionalInt.of(made);
        });
        for (int i = 0; i < 4 * CORES; i++) {
            pacer.awaitTurn(i);
            pacer.sent();
        }
        backlogFull.set(true);
        CountDownLatch opened = new CountDownLatch(1);
        Thread opener = new Thread(() -> {
            try {
                pacer.awaitTurn(4 * CORES);
                opened.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "test-opener");
        opener.start();
        assertThat(polledWhileFull.await(5, TimeUnit.SECONDS)).as("the opening looked at the backlog").isTrue();
        assertThat(opened.getCount()).as("and waits while it is full").isEqualTo(1);
        recognisers.set(1);
        assertThat(opened.await(5, TimeUnit.SECONDS)).as("a recogniser made lets it open").isTrue();
        opener.join();
    }
}
