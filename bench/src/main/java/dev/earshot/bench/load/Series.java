package dev.earshot.bench.load;

import java.util.List;

/**
 * The steps of one ramp, in the order they ran.
 *
 * @param maxStreams             with find-max: the largest N that kept up; null otherwise
 * @param maxStreamsIsLowerBound with find-max: true when every step kept up to the end of the ramp
 */
public record Series(Integer maxStreams, Boolean maxStreamsIsLowerBound, List<StepResult> steps) {
    public Series {
        steps = List.copyOf(steps);
    }
}
