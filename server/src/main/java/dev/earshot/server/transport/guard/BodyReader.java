package dev.earshot.server.transport.guard;

import dev.earshot.server.session.timers.Timers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;

/**
 * Reads a request body into memory as fast as the client sends it, within three limits: its size; a
 * deadline a slow sender cannot stretch (Apache's {@code mod_reqtimeout} rule: {@code timeout} to begin with,
 * a second more for every {@code minBytesPerSecond} received, never past {@code maxTime}); and the
 * {@link UploadBudget} every upload shares. Reading holds no thread while the client is quiet.
 */
public final class BodyReader {
    /** Buffer a body starts with; it grows by doubling, up to its declared length when there is one. */
    private static final int INITIAL_BYTES = 64 << 10;

    /** How a body may arrive. */
    public record Limits(long maxBytes, Duration timeout, long minBytesPerSecond, Duration maxTime) {
        public Limits {
            if (maxBytes < 1 || minBytesPerSecond < 1 || timeout.isNegative() || timeout.isZero()
                    || maxTime.compareTo(timeout) < 0) {
                throw new IllegalArgumentException("body limits must be positive, and the total time at least the"
                        + " timeout: " + maxBytes + ", " + timeout + ", " + minBytesPerSecond + ", " + maxTime);
            }
        }

        /** How long a body that has delivered {@code bytes} so far may have taken, in nanoseconds. */
        public long allowedNanos(long bytes) {
            long extension = (long) (bytes * 1e9 / minBytesPerSecond);
            return Math.min(maxTime.toNanos(), timeout.toNanos() + extension);
        }
    }

    /** How reading a body ended. */
    public sealed interface Outcome permits Received, TooLarge, TooSlow, OverBudget, Failed {
    }

    /** The whole body; its bytes stay reserved in the budget until {@link #release()}. */
    public record Received(byte[] body, UploadBudget budget) implements Outcome {
        public void release() {
            budget.release(body.length);
        }
    }

    /** More than {@link Limits#maxBytes()} arrived, or was declared. */
    public record TooLarge() implements Outcome {
    }

    /** The deadline passed with {@code bytes} received after {@code elapsed}. */
    public record TooSlow(long bytes, Duration elapsed) implements Outcome {
    }

    /** The shared budget could not hold the next bytes. */
    public record OverBudget() implements Outcome {
    }

    /** The connection failed (the client hung up) before the body was complete. */
    public record Failed(Throwable cause) implements Outcome {
    }

    private BodyReader() {
    }

    /** Starts reading; {@code done} is called exactly once, on a Jetty or timer thread. */
    public static void read(Request request, Limits limits, UploadBudget budget, Timers timers, Consumer<Outcome> done) {
        long declared = request.getLength();
        if (declared > limits.maxBytes()) {
            done.accept(new TooLarge());
            return;
        }
        new Reading(request, limits, budget, timers, done, declared).start();
    }

    /** One body being read. Its fields are guarded by itself: Jetty's demand callbacks and the timer meet here. */
    private static final class Reading implements Runnable {
        private final Request request;
        private final Limits limits;
        private final UploadBudget budget;
        private final Timers timers;
        private final Consumer<Outcome> done;
        private final long declaredBytes;
        private final long startedNanos;
        private byte[] buffer = new byte[0];
        private int size;
        private boolean finished;
        private Timers.Cancellable deadline;

        Reading(Request request, Limits limits, UploadBudget budget, Timers timers, Consumer<Outcome> done,
                long declaredBytes) {
            this.request = request;
            this.limits = limits;
            this.budget = budget;
            this.timers = timers;
            this.done = done;
            this.declaredBytes = declaredBytes;
            this.startedNanos = timers.nanoTime();
        }

        void start() {
            synchronized (this) {
                deadline = timers.schedule(this::checkDeadline, limits.allowedNanos(0));
            }
            run();
        }

        /** Reads what has arrived; asks to be called again when more does. */
        @Override
        public void run() {
            Outcome outcome = null;
            synchronized (this) {
                while (!finished && outcome == null) {
                    Content.Chunk chunk = request.read();
                    if (chunk == null) {
                        request.demand(this);
                        return;
                    }
                    outcome = take(chunk);
                }
            }
            if (outcome != null) {
                finish(outcome);
            }
        }

        /** Guarded by this. @return the outcome once the body is over, else null */
        private Outcome take(Content.Chunk chunk) {
            try {
                if (Content.Chunk.isFailure(chunk)) {
                    return new Failed(chunk.getFailure());
                }
                ByteBuffer bytes = chunk.getByteBuffer();
                int count = bytes.remaining();
                if (size + (long) count > limits.maxBytes()) {
                    return new TooLarge();
                }
                if (!budget.tryReserve(count)) {
                    return new OverBudget();
                }
                ensureCapacity(size + count);
                bytes.get(buffer, size, count);
                size += count;
                return chunk.isLast() ? new Received(size == buffer.length ? buffer : Arrays.copyOf(buffer, size), budget)
                        : null;
            } finally {
                chunk.release();
            }
        }

        private void ensureCapacity(int needed) {
            if (needed <= buffer.length) {
                return;
            }
            long grown = Math.max(needed, Math.max(INITIAL_BYTES, (long) buffer.length * 2));
            if (declaredBytes >= needed) {
                grown = Math.min(grown, declaredBytes); // ends exactly full: no copy at the end
            }
            buffer = Arrays.copyOf(buffer, (int) Math.min(grown, limits.maxBytes()));
        }

        private void checkDeadline() {
            TooSlow late = null;
            synchronized (this) {
                if (finished) {
                    return;
                }
                long elapsed = timers.nanoTime() - startedNanos;
                long allowed = limits.allowedNanos(size);
                if (elapsed >= allowed) {
                    late = new TooSlow(size, Duration.ofNanos(elapsed));
                } else {
                    deadline = timers.schedule(this::checkDeadline, allowed - elapsed);
                }
            }
            if (late != null) {
                finish(late);
            }
        }

        /** The one end of a reading: what was reserved goes back unless the body is handed over. */
        private void finish(Outcome outcome) {
            synchronized (this) {
                if (finished) {
                    return;
                }
                finished = true;
                if (deadline != null) {
                    deadline.cancel();
                }
                if (!(outcome instanceof Received)) {
                    budget.release(size);
                    buffer = null;
                }
            }
            done.accept(outcome);
        }
    }
}
