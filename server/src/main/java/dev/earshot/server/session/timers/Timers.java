package dev.earshot.server.session.timers;

/**
 * Time and delayed tasks for sessions, injected so that tests can run a session's 10 s timeouts on a
 * manual clock.
 */
public interface Timers {
    /** A monotonic clock in nanoseconds (wall time: deadlines, never audio time). */
    long nanoTime();

    /** Runs {@code task} once, after {@code delayNanos}, on a timer thread. */
    Cancellable schedule(Runnable task, long delayNanos);

    interface Cancellable {
        void cancel();
    }
}
