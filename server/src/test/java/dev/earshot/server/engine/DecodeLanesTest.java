package dev.earshot.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
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

    private Runnable note(String name) {
        return () -> ran.add(name);
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
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (ran.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
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
                });
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (order.size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
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
}
