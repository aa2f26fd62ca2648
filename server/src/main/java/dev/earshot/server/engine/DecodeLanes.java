package dev.earshot.server.engine;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decoding budget: a fixed pool of {@code earshot-decode-N} threads, sized to the cores, shared by
 * every stream. Each stream gets a {@link Lane}: its tasks run in order and never two at once, so a
 * stream's recognisers are only ever touched by one thread at a time.
 *
 * <p>Lanes take turns, one task per turn, and the lane whose oldest waiting task is oldest goes first
 * (earliest deadline first): the stream furthest behind real time catches up before streams that are
 * ahead get more, so under load every stream lags by about the same, instead of some falling far behind
 * while others are current. The pool's queue holds at most one entry per lane. Live lanes go before batch
 * lanes (pre-recorded files): a file uses every core the live streams leave idle, and never delays them by
 * more than the one task a thread may be running. A task that would run long is given as {@link Step}s: each
 * turn runs one step, and the task stays first in its lane until its last step, so other lanes get their turns
 * between its steps while its own order holds.
 */
public final class DecodeLanes implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecodeLanes.class);

    private final ThreadPoolExecutor pool;
    private final LongSupplier nanoClock;
    /** When any lane last finished a step or reported progress: a lane waiting its turn behind it is not stuck. */
    private volatile long poolProgressNanos;

    public DecodeLanes(int threads, LongSupplier nanoClock) {
        if (threads < 1) {
            throw new IllegalArgumentException("decode threads must be >= 1: " + threads);
        }
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new PriorityBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "earshot-decode-" + counter.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        this.nanoClock = nanoClock;
        this.poolProgressNanos = nanoClock.getAsLong();
    }

    /** One bounded part of a task. */
    @FunctionalInterface
    public interface Step {
        /** Runs the next part; returns true when the task is done, false when it has more parts to run. */
        boolean run();
    }

    /** A lane for a live stream. */
    public Lane newLane() {
        return new Lane(LIVE);
    }

    /** A lane for pre-recorded work: it runs only when no live lane is waiting. */
    public Lane newBatchLane() {
        return new Lane(BATCH);
    }

    private static final int LIVE = 0;
    private static final int BATCH = 1;
    /** Breaks ties between turns whose oldest tasks arrived in the same nanosecond. */
    private final AtomicLong turnSequence = new AtomicLong();
    /** How long steps waited for their turn, live and batch apart (by priority): read by the metrics. */
    private final WaitTally[] waits = {new WaitTally(), new WaitTally()};

    /**
     * Totals since start: steps run, and how long they waited, from their task's arrival (or their previous
     * step's end) until they ran.
     */
    public record Waits(long steps, long waitedNanos) {
    }

    /** How long live streams' steps have waited: how far behind the decoding has fallen, summed. */
    public Waits liveWaits() {
        return waits[LIVE].read();
    }

    /** The same for batch lanes (files, the warm-up), which wait behind live lanes by design. */
    public Waits batchWaits() {
        return waits[BATCH].read();
    }

    /** Two adders: cheap to bump from every decode thread at once. */
    private static final class WaitTally {
        private final LongAdder steps = new LongAdder();
        private final LongAdder waitedNanos = new LongAdder();

        void add(long nanos) {
            steps.increment();
            waitedNanos.add(Math.max(0, nanos));
        }

        Waits read() {
            return new Waits(steps.sum(), waitedNanos.sum());
        }
    }

    /**
     * A task and since when it has waited: how long is how far its stream is behind. A task with more steps
     * waits again from the end of its last step, like work that just arrived: decoding a flood of audio from
     * a few bytes takes its turns beside the other streams' new work, not before all of it.
     */
    private static final class Task {
        private final Step work;
        private long waitingSinceNanos;

        Task(Step work, long waitingSinceNanos) {
            this.work = work;
            this.waitingSinceNanos = waitingSinceNanos;
        }
    }

    /** One lane's turn in the pool's queue: by priority, then by the age of the lane's oldest task. */
    private final class Turn implements Runnable, Comparable<Turn> {
        private final Lane lane;
        private final long oldestTaskNanos;
        private final long sequence = turnSequence.incrementAndGet();

        Turn(Lane lane, long oldestTaskNanos) {
            this.lane = lane;
            this.oldestTaskNanos = oldestTaskNanos;
        }

        @Override
        public void run() {
            lane.runOne();
        }

        @Override
        public int compareTo(Turn other) {
            int byPriority = Integer.compare(lane.priority, other.lane.priority);
            if (byPriority != 0) {
                return byPriority;
            }
            // nanoTime values are compared by difference (they may wrap).
            long age = oldestTaskNanos - other.oldestTaskNanos;
            return age != 0 ? (age < 0 ? -1 : 1) : Long.compare(sequence, other.sequence);
        }
    }

    /** Stops taking work; running tasks finish. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** One stream's ordered, never-concurrent queue of decoding work. */
    public final class Lane {
        private final int priority;
        private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean scheduled = new AtomicBoolean();
        /** When the lane last finished a step, or when work arrived at an idle lane. */
        private volatile long lastProgressNanos = nanoClock.getAsLong();
        /** Whether a step of this lane is running on a pool thread now. */
        private volatile boolean running;

        private Lane(int priority) {
            this.priority = priority;
        }

        /** Queues a task behind this lane's earlier ones. */
        public void submit(Runnable task) {
            submitSteps(() -> {
                task.run();
                return true;
            });
        }

        /** Queues a task made of steps behind this lane's earlier ones; it runs one step per turn. */
        public void submitSteps(Step task) {
            long now = nanoClock.getAsLong();
            if (tasks.isEmpty() && !scheduled.get()) {
                lastProgressNanos = now;
            }
            tasks.add(new Task(task, now));
            schedule();
        }

        private void schedule() {
            while (!tasks.isEmpty() && scheduled.compareAndSet(false, true)) {
                // Only this lane's own turn removes tasks, and none is queued or running now: the head
                // stays in place until the turn made here runs. It may have just been taken, though, by a
                // turn that ended between the check above and the flag: then look again.
                Task head = tasks.peek();
                if (head == null) {
                    scheduled.set(false);
                    continue;
                }
                try {
                    pool.execute(new Turn(this, head.waitingSinceNanos));
                } catch (RejectedExecutionException shutDown) {
                    // The pool is shutting down. The lane's last tasks free native recognisers, so they
                    // must still run: run them here, in order, on the calling thread.
                    Task task;
                    while ((task = tasks.poll()) != null) {
                        while (!runSafely(task.work)) {
                            // every step, in order, here
                        }
                    }
                    scheduled.set(false);
                    continue; // a task submitted between the last poll and the line above would wait forever
                }
                return;
            }
        }

        private void runOne() {
            Task task = tasks.peek();
            if (task != null) {
                waits[priority].add(nanoClock.getAsLong() - task.waitingSinceNanos);
                running = true;
                boolean done;
                try {
                    done = runSafely(task.work);
                } finally {
                    running = false;
                }
                if (done) {
                    tasks.poll();
                } else {
                    task.waitingSinceNanos = nanoClock.getAsLong();
                }
            }
            scheduled.set(false);
            schedule();
        }

        /** @return whether the task is done (a step that threw ends its task) */
        private boolean runSafely(Step step) {
            try {
                return step.run();
            } catch (RuntimeException | Error e) {
                // Tasks handle their own failures; this is the last line of defence for the pool thread.
                LOG.error("decode task failed", e);
                return true;
            } finally {
                progressed();
            }
        }

        /** Called by the running task when it has moved on (a second of audio transcribed): it is not stuck. */
        public void progressed() {
            long now = nanoClock.getAsLong();
            lastProgressNanos = now;
            poolProgressNanos = now;
        }

        /**
         * How long this lane's work has made no progress, in nanoseconds; 0 when idle. While its step runs,
         * since the step last reported progress; while it waits for a turn, since any lane last did: a lane
         * waiting behind busy threads is behind, not stuck. A long stall means the engine is stuck (NET-0000).
         */
        public long stalledNanos() {
            if (tasks.isEmpty() && !scheduled.get()) {
                return 0;
            }
            long since = running ? lastProgressNanos : Math.max(lastProgressNanos, poolProgressNanos);
            return Math.max(0, nanoClock.getAsLong() - since);
        }

        /** Tasks queued or running. */
        public int queued() {
            return tasks.size();
        }

        /** Whether nothing is queued or running. */
        public boolean isIdle() {
            return tasks.isEmpty() && !scheduled.get();
        }
    }
}
