package dev.earshot.bench.accuracy;

import java.util.ArrayList;
import java.util.List;

/**
 * N streams at once, each on its own thread ({@code earshot-bench-stream-N}), each playing every fixture as
 * {@link FixtureSchedule} orders them, one session after another; returns once every stream is done.
 */
public final class AccuracyStep {
    private AccuracyStep() {
    }

    public static FixtureTally run(int streams, List<AccuracyClip> clips, SessionPlayer player)
            throws InterruptedException {
        FixtureTally tally = new FixtureTally(clips.size());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            List<Integer> order = FixtureSchedule.order(i, clips.size());
            Thread thread = new Thread(() -> playAll(order, clips, player, tally), "earshot-bench-stream-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
        try {
            for (Thread thread : threads) {
                thread.join(); // each session ends by itself: the server's has its own quiet limit
            }
        } finally {
            threads.forEach(Thread::interrupt); // only matters when this thread was interrupted
        }
        return tally;
    }

    private static void playAll(List<Integer> order, List<AccuracyClip> clips, SessionPlayer player,
                                FixtureTally tally) {
        for (int fixture : order) {
            SessionPlayer.Heard heard;
            try {
                heard = player.play(clips.get(fixture));
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException bug) {
                heard = SessionPlayer.Heard.failed(clips.get(fixture).fixture() + ": bench failure " + bug);
            }
            tally.add(fixture, heard);
        }
    }
}
