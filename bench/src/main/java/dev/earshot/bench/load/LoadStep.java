package dev.earshot.bench.load;

import dev.earshot.bench.measure.ResourceGauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Plays N streams at once, each on its own thread ({@code earshot-bench-stream-N}), all starting at the
 * same instant or {@code stagger} apart, while a gauge samples the server's memory; then sums them up.
 */
public final class LoadStep {
    /** Time for every thread to be up and waiting before the common start. */
    static final Duration START_MARGIN = Duration.ofMillis(300);
    /** Resident memory is sampled this often for the step's peak. */
    static final Duration GAUGE_INTERVAL = Duration.ofMillis(250);
    /** After aborting late streams, how long their threads get to come back. */
    static final Duration ABORT_GRACE = Duration.ofSeconds(10);

    private LoadStep() {
    }

    public static StepResult run(int streams, StreamSource source, ResourceGauge gauge, Duration stagger,
                                 Duration lagBound) throws InterruptedException {
        AtomicReferenceArray<StreamOutcome> outcomes = new AtomicReferenceArray<>(streams);
        long startAt = System.nanoTime() + START_MARGIN.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            int index = i;
            long streamStart = startAt + index * stagger.toNanos();
            Thread thread = new Thread(() -> outcomes.set(index, playSafely(source, index, streamStart)),
                    "earshot-bench-stream-" + index);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        AtomicLong peakRss = new AtomicLong(-1);
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "earshot-bench-gauge");
            thread.setDaemon(true);
            return thread;
        });
        try {
            sampler.scheduleAtFixedRate(() -> gauge.rssBytes().ifPresent(rss -> peakRss.accumulateAndGet(rss, Math::max)),
                    0, GAUGE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
            Pacing.sleepUntil(startAt);
            OptionalLong cpuBefore = gauge.cpuNanos();
            long deadline = startAt + stagger.toNanos() * streams + source.deadline().toNanos();
            awaitAll(threads, deadline, source);
            long wallNanos = System.nanoTime() - startAt;
            OptionalLong cpuAfter = gauge.cpuNanos();
            Double cores = cpuBefore.isPresent() && cpuAfter.isPresent()
                    ? Math.round((cpuAfter.getAsLong() - cpuBefore.getAsLong()) * 100.0 / wallNanos) / 100.0 : null;
            Double rssMb = peakRss.get() < 0 ? null : Math.round(peakRss.get() / 104_857.6) / 10.0;
            List<StreamOutcome> all = new ArrayList<>();
            double audioSeconds = 0;
            for (int i = 0; i < streams; i++) {
                StreamOutcome outcome = outcomes.get(i);
                all.add(outcome != null ? outcome
                        : StreamOutcome.notStarted(i, "stuck", "did not end within its deadline, even aborted"));
                audioSeconds = Math.max(audioSeconds, source.audioSeconds(i));
            }
            StepResult.Resources resources = new StepResult.Resources(Math.round(wallNanos / 1e7) / 100.0, cores, rssMb);
            return StepResult.summarise(all, audioSeconds, resources, lagBound);
        } finally {
            sampler.shutdownNow();
        }
    }

    private static StreamOutcome playSafely(StreamSource source, int index, long startAt) {
        try {
            return source.play(index, startAt);
        } catch (InterruptedException e) {
            return StreamOutcome.notStarted(index, "interrupted", "the bench was interrupted");
        } catch (RuntimeException e) {
            return StreamOutcome.notStarted(index, "bench failure", e.toString());
        }
    }

    /** Joins every thread by the deadline; past it, aborts what is left and gives it a last grace period. */
    private static void awaitAll(List<Thread> threads, long deadlineNanos, StreamSource source)
            throws InterruptedException {
        for (Thread thread : threads) {
            long left = deadlineNanos - System.nanoTime();
            if (left > 0) {
                TimeUnit.NANOSECONDS.timedJoin(thread, left);
            }
        }
        if (threads.stream().anyMatch(Thread::isAlive)) {
            source.abortAll();
            long graceEnd = System.nanoTime() + ABORT_GRACE.toNanos();
            for (Thread thread : threads) {
                thread.interrupt();
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, graceEnd - System.nanoTime()));
            }
        }
    }
}
