package dev.earshot.bench.load;

import dev.earshot.bench.measure.ResourceGauge;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Runs load steps one after another: a given list of stream counts, or a search for the largest that keeps up. */
public final class Ramp {
    /** Between steps, after the last step's streams are gone: garbage and the allocator settle. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    /** Waits until the target has no stream of the last step left. */
    public interface Quiet {
        void await() throws InterruptedException;
    }

    private final Duration stagger;
    private final Duration lagBound;
    private final Quiet quiet;
    private final Consumer<StepResult> onStep;

    /** @param onStep told of each step as soon as it ends, for the live table */
    public Ramp(Duration stagger, Duration lagBound, Quiet quiet, Consumer<StepResult> onStep) {
        this.stagger = stagger;
        this.lagBound = lagBound;
        this.quiet = quiet;
        this.onStep = onStep;
    }

    public Series steps(List<Integer> streams, StreamSource source, ResourceGauge gauge) throws InterruptedException {
        List<StepResult> steps = new ArrayList<>();
        for (int count : streams) {
            step(count, source, gauge, steps);
        }
        return new Series(null, null, steps);
    }

    public Series findMax(List<Integer> ramp, StreamSource source, ResourceGauge gauge) throws InterruptedException {
        List<StepResult> steps = new ArrayList<>();
        CapacitySearch.Capacity capacity = new CapacitySearch(ramp)
                .run(count -> step(count, source, gauge, steps).withinBound());
        return new Series(capacity.maxStreams(), capacity.lowerBound(), steps);
    }

    private StepResult step(int count, StreamSource source, ResourceGauge gauge, List<StepResult> steps)
            throws InterruptedException {
        if (!steps.isEmpty()) {
            quiet.await();
            Thread.sleep(SETTLE.toMillis());
        }
        StepResult result = LoadStep.run(count, source, gauge, stagger, lagBound);
        steps.add(result);
        onStep.accept(result);
        return result;
    }
}
