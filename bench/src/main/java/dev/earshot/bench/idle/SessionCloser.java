package dev.earshot.bench.idle;

import dev.earshot.bench.load.StreamOutcome;
import dev.earshot.client.LiveConnection;
import dev.earshot.protocol.CloseReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ends many sessions with CloseStream, a few per core at a time, and counts how each closed. All at once
 * would measure something else: each close makes the server flush that session's recogniser (tens of ms of
 * engine time), and thousands queued at once on the decode lanes would outlast the server's 10 s engine
 * watchdog, which then closes them with NET-0000.
 */
final class SessionCloser {
    /** Closes in flight per core: the flushes queued at any moment take well under a second. */
    static final int PER_CORE = 8;
    /** One session's close, once it has been sent: its flush, Metadata and the close frame. */
    static final Duration EACH = Duration.ofSeconds(30);

    private SessionCloser() {
    }

    static Map<String, Integer> closeAll(List<LiveConnection> sessions) throws InterruptedException {
        Map<String, Integer> codes = new TreeMap<>();
        if (sessions.isEmpty()) {
            return codes;
        }
        int inFlight = Math.min(sessions.size(), PER_CORE * Runtime.getRuntime().availableProcessors());
        AtomicInteger named = new AtomicInteger();
        ExecutorService closers = Executors.newFixedThreadPool(inFlight, runnable -> {
            Thread thread = new Thread(runnable, "earshot-bench-close-" + named.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Callable<String>> closes = new ArrayList<>();
            for (LiveConnection session : sessions) {
                closes.add(() -> close(session));
            }
            long rounds = (sessions.size() + inFlight - 1) / inFlight;
            List<Future<String>> outcomes = closers.invokeAll(closes, EACH.toMillis() * rounds, TimeUnit.MILLISECONDS);
            for (Future<String> outcome : outcomes) {
                String key;
                try {
                    key = outcome.isCancelled() ? "not closed in time" : outcome.get();
                } catch (ExecutionException e) {
                    key = "bench failure: " + e.getCause();
                }
                codes.merge(key, 1, Integer::sum);
            }
            return codes;
        } finally {
            closers.shutdownNow();
        }
    }

    private static String close(LiveConnection session) throws InterruptedException {
        try {
            session.closeStream();
        } catch (RuntimeException alreadyGone) {
            // Its close future says how it ended.
        }
        try {
            CloseReason close = session.closed().get(EACH.toMillis(), TimeUnit.MILLISECONDS);
            return StreamOutcome.closeKey(close.code(), close.reason());
        } catch (TimeoutException e) {
            session.abort();
            return "no close within " + EACH.toSeconds() + " s";
        } catch (ExecutionException e) {
            return "1006 no close frame";
        }
    }
}
