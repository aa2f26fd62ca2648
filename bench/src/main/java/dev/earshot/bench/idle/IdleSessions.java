package dev.earshot.bench.idle;

import dev.earshot.bench.load.Pacing;
import dev.earshot.bench.load.StepResult;
import dev.earshot.bench.load.StreamOutcome;
import dev.earshot.bench.measure.Distribution;
import dev.earshot.bench.measure.ResourceGauge;
import dev.earshot.client.HandshakeException;
import dev.earshot.client.LiveClient;
import dev.earshot.client.LiveConnection;
import dev.earshot.client.LiveListener;
import dev.earshot.protocol.CloseReason;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds many quiet sessions open: each sends 100 ms of audio (so the server makes its recogniser and the
 * idle timeout applies), then only the client's automatic KeepAlive every 5 s. Measures what they cost in
 * server memory, and optionally how K active streams fare meanwhile. All the sessions share one
 * {@link LiveClient}: one java.net.http client and one KeepAlive thread.
 */
public final class IdleSessions {
    /** Sessions opened at once: 2000 open in seconds without a storm of simultaneous handshakes. */
    static final int OPENERS = 16;
    /** Each opener's worst case per session: the connect timeout and a small send. */
    static final Duration OPEN_EACH = Duration.ofSeconds(15);
    /** The active streams run during the hold. */
    public interface ActiveLoad {
        StepResult run() throws InterruptedException;
    }

    private final LiveClient client;
    private final String query;
    private final byte[] firstAudio;
    private final ResourceGauge gauge;
    private final Supplier<OptionalInt> recognisers;
    private final double openRate;
    private final Settling settling;

    /**
     * @param firstAudio  the 100 ms every session sends
     * @param recognisers how many recognisers the server holds, where that can be counted
     * @param openRate    sessions opened per second ({@code --idle-rate}); 0 to let {@link OpenPacer} choose
     */
    public IdleSessions(LiveClient client, String query, byte[] firstAudio, ResourceGauge gauge,
                        Supplier<OptionalInt> recognisers, double openRate) {
        this.client = client;
        this.query = query;
        this.firstAudio = firstAudio.clone();
        this.gauge = gauge;
        this.recognisers = recognisers;
        this.openRate = openRate;
        this.settling = new Settling(gauge, recognisers);
    }

    public IdleResult run(int sessions, Duration hold, ActiveLoad active, Consumer<String> progress)
            throws InterruptedException {
        Double rssBefore = megabytes(gauge.rssBytes());
        List<LiveConnection> open = Collections.synchronizedList(new ArrayList<>());
        try {
            long openStart = System.nanoTime();
            OpenPacer pacer = OpenPacer.of(openRate, recognisers);
            Opening opening = open(sessions, open, pacer, progress);
            double openSeconds = Pacing.millisSince(openStart) / 1000;
            long settleStart = System.nanoTime();
            String settledBy = settling.await(() -> stillOpen(open), progress);
            double settleSeconds = Pacing.millisSince(settleStart) / 1000;
            Double rssOpen = megabytes(gauge.rssBytes());
            int measured = stillOpen(open);
            progress.accept(open.size() + " sessions open; holding them " + hold.toSeconds() + " s"
                    + (active == null ? "" : " while the active streams play"));
            long holdStart = System.nanoTime();
            StepResult activeResult = active == null ? null : active.run();
            Pacing.sleepUntil(holdStart + hold.toNanos());
            Double rssEnd = megabytes(gauge.rssBytes());
            List<LiveConnection> all = List.copyOf(open);
            Map<String, Integer> closedEarly = new TreeMap<>();
            List<LiveConnection> alive = new ArrayList<>();
            for (LiveConnection connection : all) {
                if (connection.closed().isDone()) {
                    closedEarly.merge(closeKeyNow(connection), 1, Integer::sum);
                } else {
                    alive.add(connection);
                }
            }
            progress.accept("closing " + alive.size() + " sessions");
            Map<String, Integer> closeCodes = SessionCloser.closeAll(alive);
            Double perSessionKb = rssBefore == null || rssOpen == null || measured == 0 ? null
                    : Math.round((rssOpen - rssBefore) * 1024 * 10 / measured) / 10.0;
            return new IdleResult(sessions, all.size(), opening.failures(), round(openSeconds), pacer.describe(),
                    Distribution.of(opening.handshakesMs()), round(settleSeconds), settledBy, measured, rssBefore,
                    rssOpen, rssEnd, perSessionKb, hold.toMillis() / 1000.0, alive.size(), closedEarly, closeCodes,
                    gauge.source(), activeResult);
        } finally {
            open.forEach(LiveConnection::close);
        }
    }

    private record Opening(Map<String, Integer> failures, List<Double> handshakesMs) {
    }

    private Opening open(int sessions, List<LiveConnection> open, OpenPacer pacer, Consumer<String> progress)
            throws InterruptedException {
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        List<Double> handshakes = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger done = new AtomicInteger();
        int reportEvery = Math.max(1, sessions / 10);
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            int index = i;
            tasks.add(() -> {
                pacer.awaitTurn(index);
                openOne(open, failures, handshakes, pacer);
                if (done.incrementAndGet() % reportEvery == 0) {
                    progress.accept("opened " + open.size() + " of " + sessions);
                }
                return null;
            });
        }
        AtomicInteger named = new AtomicInteger();
        ExecutorService openers = Executors.newFixedThreadPool(OPENERS, runnable -> {
            Thread thread = new Thread(runnable, "earshot-bench-open-" + named.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            long rounds = (sessions + OPENERS - 1) / OPENERS;
            openers.invokeAll(tasks, OPEN_EACH.toMillis() * rounds + 30_000, TimeUnit.MILLISECONDS);
        } finally {
            openers.shutdownNow();
        }
        int unfinished = sessions - done.get();
        if (unfinished > 0) {
            failures.merge("open timed out", unfinished, Integer::sum);
        }
        return new Opening(new TreeMap<>(failures), List.copyOf(handshakes));
    }

    private void openOne(List<LiveConnection> open, Map<String, Integer> failures, List<Double> handshakes,
                         OpenPacer pacer) {
        long start = System.nanoTime();
        try {
            LiveConnection connection = client.connect(query, new LiveListener() {
            });
            handshakes.add(Pacing.millisSince(start));
            try {
                connection.sendAudio(firstAudio);
                pacer.sent();
                open.add(connection);
            } catch (RuntimeException closed) {
                connection.close();
                failures.merge("audio refused", 1, Integer::sum);
            }
        } catch (HandshakeException refused) {
            failures.merge("HTTP " + refused.status(), 1, Integer::sum);
        } catch (IOException | RuntimeException failed) {
            failures.merge("connect failed", 1, Integer::sum);
        }
    }

    private static int stillOpen(List<LiveConnection> open) {
        synchronized (open) {
            return (int) open.stream().filter(connection -> !connection.closed().isDone()).count();
        }
    }

    private static String closeKeyNow(LiveConnection connection) {
        try {
            CloseReason close = connection.closed().getNow(null);
            return close == null ? "open" : StreamOutcome.closeKey(close.code(), close.reason());
        } catch (RuntimeException failed) {
            return "1006 no close frame";
        }
    }

    private static Double megabytes(OptionalLong bytes) {
        return bytes.isPresent() ? Math.round(bytes.getAsLong() / 104_857.6) / 10.0 : null;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 100) / 100.0;
    }
}
