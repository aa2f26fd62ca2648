package dev.earshot.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The order decoding work runs in, with one thread held busy so that the queue fills as scripted. */
@Timeout(30)
class DecodeLanesTest {
    private final AtomicLong clock = new AtomicLong();
    private final List<String> ran = new CopyOnWriteArrayList<>();
    /** One permit per task that ran. */
    private final Semaphore finished = new Semaphore(0);

    private Runnable note(String name) {
        return () -> {
            ran.add(name);
            finished.release();
        };
    }

    /** Occupies the only thread until released, so that what is submitted meanwhile queues up. */
    private CountDownLatch occupy(DecodeLanes lanes) throws InterruptedException {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(1);
        lanes.newLane().submit(() -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    private void awaitRan(int count) throws InterruptedException {
        assertThat(finished.tryAcquire(count, 10, TimeUnit.SECONDS)).as("%d tasks ran: %s", count, ran).isTrue();
        assertThat(ran).hasSize(count);
    }

    @Test
    void theStreamFurthestBehindCatchesUpFirst() throws Exception {
        try (DecodeLanes lanes = new DecodeLanes(1, clock::get)) {
            CountDownLatch release = occupy(lanes);
            DecodeLanes.Lane behind = lanes.newLane();
            DecodeLanes.Lane current = lanes.newLane();
            clock.set(10);
            behind.submit(note("behind-1"));
            behind.submit(note("behind-2"));
            behind.submit(note("behind-3"));
            clock.set(20);
            current.submit(note("current-1"));
            release.countDown();

            awaitRan(4);
            // Taking turns by arrival would have run current-1 second.
            assertThat(ran).containsExactly("behind-1", "behind-2", "behind-3", "current-1");
        }
    }

    @Test
    void lanesInterleaveByTheAgeOfTheirWork() throws Exception {
        try (DecodeLanes lanes = new DecodeLanes(1, clock::get)) {
            CountDownLatch release = occupy(lanes);
            DecodeLanes.Lane a = lanes.newLane();
            DecodeLanes.Lane b = lanes.newLane();
            clock.set(10);
            a.submit(note("a-10"));
            clock.set(20);
            b.submit(note("b-20"));
            clock.set(30);
            a.submit(note("a-30"));
            clock.set(40);
            b.submit(note("b-40"));
            release.countDown();

            awaitRan(4);
            assertThat(ran).containsExactly("a-10", "b-20", "a-30", "b-40");
        }
    }

    @Test
    void liveWorkGoesBeforeOlderBatchWork() throws Exception {
        try (DecodeLanes lanes = new DecodeLanes(1, clock::get)) {
            CountDownLatch release = occupy(lanes);
            DecodeLanes.Lane file = lanes.newBatchLane();
            DecodeLanes.Lane live = lanes.newLane();
            clock.set(10);
            file.submit(note("file"));
            clock.set(20);
            live.submit(note("live"));
            release.countDown();

            awaitRan(2);
            assertThat(ran).containsExactly("live", "file");
        }
    }

    @Test
    void aLaneRunsItsTasksInOrderAndNeverTwoAtOnce() throws Exception {
        try (DecodeLanes lanes = new DecodeLanes(4, System::nanoTime)) {
            DecodeLanes.Lane lane = lanes.newLane();
            AtomicInteger running = new AtomicInteger();
            AtomicInteger overlaps = new AtomicInteger();
            List<Integer> order = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 200; i++) {
                int index = i;
                lane.submit(() -> {
                    if (running.incrementAndGet() > 1) {
                        overlaps.incrementAndGet();
                    }
                    order.add(index);
                    running.decrementAndGet();
                    finished.release();
                });
            }
            assertThat(finished.tryAcquire(200, 10, TimeUnit.SECONDS)).isTrue();
            assertThat(order).hasSize(200).isSorted();
            assertThat(overlaps).hasValue(0);
        }
    }

    /** A long task that reports progress is busy, not stuck; one that stops reporting is stalled again. */
    @Test
    void aTaskThatReportsProgressIsNotAStall() throws Exception {
        try (DecodeLanes lanes = new DecodeLanes(1, clock::get)) {
            DecodeLanes.Lane lane = lanes.newLane();
            CountDownLatch reported = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            lane.submit(() -> {
                clock.addAndGet(TimeUnit.SECONDS.toNanos(20)); // twenty seconds of work
                lane.progressed();
                reported.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(reported.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(lane.stalledNanos()).isZero();
            clock.addAndGet(TimeUnit.SECONDS.toNanos(3));
            assertThat(lane.stalledNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(3));
            release.countDown();
        }
    }

    /** A task of steps keeps its place in its lane, and other lanes take their turns between its steps. */
    @Test
    void otherLanesRunBetweenTheStepsOfALongTask() throws Exception {
        try (DecodeLanes lanes = new DecodeLanes(1, clock::get)) {
            CountDownLatch release = occupy(lanes);
            DecodeLanes.Lane file = lanes.newLane();
            DecodeLanes.Lane live = lanes.newLane();
            AtomicInteger step = new AtomicInteger();
            clock.set(10);
            file.submitSteps(() -> {
                ran.add("long-" + step.incrementAndGet());
                finished.release();
                clock.addAndGet(100); // the other lane's task is now the oldest waiting
                return step.get() == 3;
            });
            file.submit(note("after-long"));
            clock.set(20);
            live.submit(note("other-1"));
            live.submit(note("other-2"));
            release.countDown();

            awaitRan(6);
            assertThat(ran).containsExactly("long-1", "other-1", "other-2", "long-2", "long-3", "after-long");
        }
    }

    /** A lane waiting for a turn while the threads finish other lanes' work is behind, not stalled. */
    @Test
    void aLaneWaitingBehindBusyThreadsIsNotStalledUnlessNothingProgresses() throws Exception {
        try (DecodeLanes lanes = new DecodeLanes(1, clock::get)) {
            DecodeLanes.Lane busy = lanes.newLane();
            CountDownLatch stepped = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            busy.submit(() -> {
                stepped.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            assertThat(stepped.await(5, TimeUnit.SECONDS)).isTrue();
            DecodeLanes.Lane waiting = lanes.newLane();
            waiting.submit(note("waiting"));
            clock.addAndGet(TimeUnit.SECONDS.toNanos(20));
            busy.progressed(); // twenty seconds of other work, reported as it went
            clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
            assertThat(waiting.stalledNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(2));
            assertThat(busy.stalledNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(2));
            clock.addAndGet(TimeUnit.SECONDS.toNanos(9)); // then nothing anywhere for eleven seconds
            assertThat(waiting.stalledNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(11));
            release.countDown();
            awaitRan(1);
        }
    }

    @Test
    void waitsForATurnAreTalliedLiveAndBatchApart() throws Exception {
        try (DecodeLanes lanes = new DecodeLanes(1, clock::get)) {
            CountDownLatch release = occupy(lanes);
            clock.set(10);
            lanes.newLane().submit(note("live"));
            lanes.newBatchLane().submitSteps(() -> {
                note("batch step").run();
                return ran.size() == 3;
            });
            clock.set(110);
            release.countDown();

            awaitRan(3);
            // The live task waited 100 behind the occupier (which itself waited 0); the batch task's first
            // step waited 100 and its second none, from the end of the first.
            assertThat(lanes.liveWaits()).isEqualTo(new DecodeLanes.Waits(2, 100));
            assertThat(lanes.batchWaits()).isEqualTo(new DecodeLanes.Waits(2, 100));
        }
    }
}
