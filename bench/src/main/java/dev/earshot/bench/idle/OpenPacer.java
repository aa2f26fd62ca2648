package dev.earshot.bench.idle;

import dev.earshot.bench.load.Pacing;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * How fast idle sessions are opened. The server makes a session's recogniser on its decode lanes when it
 * reaches the first audio (about 70 ms of engine time each, small model), and its engine watchdog closes a
 * session with NET-0000 whose audio waits there 10 s. 2000 sessions opened in a burst on 2 cores queue over
 * a minute of that and mostly end in NET-0000: a test of bursts, not of idle sessions. So openings wait:
 * <ul>
 *   <li>where the recognisers can be counted (a spawned server): until at most {@link #BACKLOG_PER_CORE} per
 *       core are waiting for theirs, which adapts to the machine;</li>
 *   <li>and at a given rate, if any: {@code --idle-rate}, or by default for a server known only by URL,
 *       {@link #DEFAULT_RATE_PER_CORE} per core of this machine per second (the server's, if it is local),
 *       some 70% of what its lanes can make.</li>
 * </ul>
 */
final class OpenPacer {
    static final int BACKLOG_PER_CORE = 4;
    static final int DEFAULT_RATE_PER_CORE = 10;
    /** A wait for the backlog to drain gives up after this, and opens anyway. */
    static final Duration BACKLOG_WAIT = Duration.ofSeconds(30);

    private final double perSecond;
    private final Supplier<OptionalInt> recognisers;
    private final int backlog;
    private final AtomicInteger sent = new AtomicInteger();
    private final long startNanos = System.nanoTime();

    /** @param perSecond sessions opened per second; 0 for no rate limit */
    OpenPacer(double perSecond, Supplier<OptionalInt> recognisers) {
        this.perSecond = perSecond;
        this.recognisers = recognisers;
        this.backlog = BACKLOG_PER_CORE * Runtime.getRuntime().availableProcessors();
    }

    /**
     * The pacing a run gets: {@code --idle-rate} if given ({@code requested} > 0); else none beyond the
     * backlog where recognisers can be counted, and the default rate where they cannot.
     */
    static OpenPacer of(double requested, Supplier<OptionalInt> recognisers) {
        double rate = requested > 0 ? requested : recognisers.get().isPresent() ? 0
                : DEFAULT_RATE_PER_CORE * Runtime.getRuntime().availableProcessors();
        return new OpenPacer(rate, recognisers);
    }

    /** Blocks until session {@code index} (from 0) may be opened. */
    void awaitTurn(int index) throws InterruptedException {
        if (perSecond > 0) {
            Pacing.sleepUntil(startNanos + (long) (index * 1e9 / perSecond));
        }
        long deadline = System.nanoTime() + BACKLOG_WAIT.toNanos();
        while (recognisers.get().isPresent() && sent.get() - recognisers.get().getAsInt() >= backlog
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    /** A session has sent its first audio: the server owes it a recogniser. */
    void sent() {
        sent.incrementAndGet();
    }

    /** For the report. */
    String describe() {
        String rate = perSecond > 0 ? String.format(Locale.ROOT, "%.0f per second", perSecond) : "";
        String waits = recognisers.get().isPresent() ? "at most " + backlog + " waiting for their recogniser" : "";
        return rate.isEmpty() && waits.isEmpty() ? "unpaced" : rate.isEmpty() ? waits : waits.isEmpty() ? rate
                : rate + ", " + waits;
    }
}
