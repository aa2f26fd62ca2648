package dev.earshot.server.testing;

import dev.earshot.server.session.timers.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** {@link Timers} on a hand-turned clock: {@link #advance} runs what falls due, on the caller's thread. */
public final class ManualTimers implements Timers {
    private long now;
    private final List<Scheduled> scheduled = new ArrayList<>();

    private record Scheduled(long due, Runnable task, boolean[] cancelled) {
    }

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayNanos) {
        boolean[] cancelled = {false};
        scheduled.add(new Scheduled(now + delayNanos, task, cancelled));
        return () -> {
            synchronized (ManualTimers.this) {
                cancelled[0] = true;
            }
        };
    }

    /** Moves the clock forward, running every task that falls due, in order of due time. */
    public void advance(Duration duration) {
        long target;
        synchronized (this) {
            target = now + duration.toNanos();
        }
        while (true) {
            Scheduled next;
            synchronized (this) {
                next = scheduled.stream().filter(s -> s.due() <= target)
                        .min(Comparator.comparingLong(Scheduled::due)).orElse(null);
                if (next == null) {
                    now = target;
                    return;
                }
                scheduled.remove(next);
                now = Math.max(now, next.due());
                if (next.cancelled()[0]) {
                    continue;
                }
            }
            next.task().run();
        }
    }

    /** Tasks waiting, cancelled ones excluded. */
    public synchronized int pending() {
        return (int) scheduled.stream().filter(s -> !s.cancelled()[0]).count();
    }
}
