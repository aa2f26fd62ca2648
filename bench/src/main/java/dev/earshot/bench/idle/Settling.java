package dev.earshot.bench.idle;

import dev.earshot.bench.measure.ResourceGauge;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Waits until a server has made a recogniser for every session that sent audio. It makes each one when
 * its decode lanes reach the session's first audio (about 70 ms of engine time each, measured on the small
 * model), so for thousands of sessions that is seconds to minutes after the last handshake. Memory read
 * earlier would miss most of them, and active streams started earlier would queue behind them.
 */
final class Settling {
    /** At most this long per session, on top of {@link #MINIMUM}, before giving up. */
    static final Duration EACH = Duration.ofMillis(100);
    static final Duration MINIMUM = Duration.ofSeconds(30);
    /** Then a moment for the allocator: the last buffers touched. */
    static final Duration PAUSE = Duration.ofSeconds(2);
    /** Resident memory counts as settled once it moves less than this over three one-second samples. */
    static final long STABLE_BYTES = 2L << 20;

    private final ResourceGauge gauge;
    private final Supplier<OptionalInt> recognisers;

    Settling(ResourceGauge gauge, Supplier<OptionalInt> recognisers) {
        this.gauge = gauge;
        this.recognisers = recognisers;
    }

    /**
     * Counts the recognisers where the bench can (a spawned server), else waits for the server's memory to
     * stop growing, else just pauses.
     *
     * @param sessions how many sessions are still open
     * @return how it decided, for the report
     */
    String await(IntSupplier sessions, Consumer<String> progress) throws InterruptedException {
        long deadline = System.nanoTime() + MINIMUM.plus(EACH.multipliedBy(sessions.getAsInt())).toNanos();
        String settledBy = "fixed pause";
        if (recognisers.get().isPresent()) {
            settledBy = "recognisers counted";
            progress.accept("waiting for the server to make a recogniser for each session");
            while (recognisers.get().orElse(0) < sessions.getAsInt() && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } else if (gauge.rssBytes().isPresent()) {
            settledBy = "memory stable";
            progress.accept("waiting for the server's memory to settle");
            long last = gauge.rssBytes().getAsLong();
            for (int stable = 0; stable < 3 && System.nanoTime() < deadline; ) {
                Thread.sleep(1000);
                long now = gauge.rssBytes().orElse(last);
                stable = Math.abs(now - last) < STABLE_BYTES ? stable + 1 : 0;
                last = now;
            }
        }
        if (System.nanoTime() >= deadline) {
            settledBy += ", cut short by its time limit";
        }
        Thread.sleep(PAUSE.toMillis());
        return settledBy;
    }
}
