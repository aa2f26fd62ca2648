package dev.earshot.bench.load;

import java.util.concurrent.TimeUnit;

/** Waiting for wall-clock instants on {@link System#nanoTime()}, the one clock every timing uses. */
public final class Pacing {
    private Pacing() {
    }

    public static void sleepUntil(long deadlineNanos) throws InterruptedException {
        long remaining = deadlineNanos - System.nanoTime();
        while (remaining > 0) {
            TimeUnit.NANOSECONDS.sleep(remaining);
            remaining = deadlineNanos - System.nanoTime();
        }
    }

    public static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
