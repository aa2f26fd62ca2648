package dev.earshot.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds the largest number of streams that keeps up: ramps up until the first step that does not, then
 * bisects the gap between the last step that did and that one (with a ramp of 2, 4, 6, ... that is one
 * more step). Assumes more streams never make things better, which holds for a CPU-bound engine.
 */
public final class CapacitySearch {
    private final List<Integer> ramp;

    /** One step of the search: runs {@code streams} streams and says whether they kept up. */
    public interface Trial {
        boolean keepsUp(int streams) throws InterruptedException;
    }

    /**
     * @param maxStreams  the largest N found; 0 when not even the first step kept up
     * @param lowerBound  every step kept up, up to the end of the ramp: the real capacity may be higher
     */
    public record Capacity(int maxStreams, boolean lowerBound) {
    }

    public CapacitySearch(List<Integer> ramp) {
        this.ramp = List.copyOf(new TreeSet<>(ramp));
        if (this.ramp.isEmpty() || this.ramp.get(0) < 1) {
            throw new IllegalArgumentException("a ramp needs positive stream counts: " + ramp);
        }
    }

    /** {@code step, 2 step, 3 step, ...} up to {@code limit}. */
    public static List<Integer> ramp(int step, int limit) {
        List<Integer> ramp = new ArrayList<>();
        for (int streams = step; streams <= limit; streams += step) {
            ramp.add(streams);
        }
        return ramp;
    }

    public Capacity run(Trial trial) throws InterruptedException {
        int kept = 0;
        int failed = -1;
        for (int streams : ramp) {
            if (trial.keepsUp(streams)) {
                kept = streams;
            } else {
                failed = streams;
                break;
            }
        }
        if (failed < 0) {
            return new Capacity(kept, true);
        }
        while (failed - kept > 1) {
            int middle = (kept + failed) >>> 1;
            if (trial.keepsUp(middle)) {
                kept = middle;
            } else {
                failed = middle;
            }
        }
        return new Capacity(kept, false);
    }
}
