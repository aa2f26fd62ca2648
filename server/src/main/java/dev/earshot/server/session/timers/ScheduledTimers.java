package dev.earshot.server.session.timers;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link Timers} on one {@code earshot-timer} thread: its tasks only check deadlines, so one is plenty. */
public final class ScheduledTimers implements Timers, AutoCloseable {
    private final ScheduledThreadPoolExecutor executor;

    public ScheduledTimers() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "earshot-timer");
            thread.setDaemon(true);
            return thread;
        });
        // A watchdog is cancelled whenever its session ends; do not keep thousands of dead tasks queued.
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Runnable task, long delayNanos) {
        var future = executor.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
