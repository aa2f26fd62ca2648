package dev.earshot.bench.load;

import dev.earshot.bench.measure.Distribution;
import dev.earshot.bench.measure.WordErrors;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One step of the ramp: N streams at once, summed up (docs/performance.md says what each figure means).
 *
 * @param audioSeconds   seconds of audio each stream played (the longest programme)
 * @param wallSeconds    from the common start to the last stream's end
 * @param sendDelayMs    how late frames left against their schedule: large values mean the load generator
 *                       itself was starved, and the step's figures are suspect
 * @param cpuCores       cores busy on average over the step (CPU time / wall time); null when not measured
 * @param cpuPercent     the same, as a share of all the machine's cores
 * @param rssMb          the largest resident memory sampled during the step
 * @param errors         streams that did not end as they should (refused, failed, closed with an error)
 * @param closeCodes     how many streams ended each way
 * @param wer            word error rate of the streams that ended ok, against the fixtures' texts
 * @param withinBound    no errors and lag p95 within the bound: the step "keeps up"
 * @param failures       up to five distinct descriptions of what went wrong
 */
public record StepResult(int streams, double audioSeconds, double wallSeconds, Distribution lagMs,
                         Distribution firstPartialMs, Distribution finalLatencyMs, Distribution handshakeMs,
                         Distribution sendDelayMs, Double cpuCores, Double cpuPercent, Double rssMb, int errors,
                         Map<String, Integer> closeCodes, Double wer, int referenceWords, int results,
                         int missedOnsets, boolean withinBound, List<String> failures) {
    private static final int MAX_FAILURES = 5;

    public StepResult {
        closeCodes = Map.copyOf(new TreeMap<>(closeCodes));
        failures = List.copyOf(failures);
    }

    /** What a step was beside its streams: time, CPU and memory. */
    public record Resources(double wallSeconds, Double cpuCores, Double rssMb) {
    }

    public static StepResult summarise(List<StreamOutcome> outcomes, double audioSeconds, Resources resources,
                                       Duration lagBound) {
        List<Double> lag = new ArrayList<>();
        List<Double> firstPartial = new ArrayList<>();
        List<Double> finals = new ArrayList<>();
        List<Double> handshakes = new ArrayList<>();
        List<Double> sendDelays = new ArrayList<>();
        Map<String, Integer> closes = new TreeMap<>();
        Set<String> failures = new LinkedHashSet<>();
        WordErrors words = WordErrors.NONE;
        int errors = 0;
        int results = 0;
        int missed = 0;
        for (StreamOutcome outcome : outcomes) {
            lag.addAll(outcome.timeline().lagMs());
            firstPartial.addAll(outcome.timeline().firstPartialMs());
            finals.addAll(outcome.timeline().finalMs());
            sendDelays.addAll(outcome.sendDelayMs());
            if (outcome.handshakeMs() != null) {
                handshakes.add(outcome.handshakeMs());
            }
            closes.merge(outcome.closeKey(), 1, Integer::sum);
            if (!outcome.ok()) {
                errors++;
                if (failures.size() < MAX_FAILURES && outcome.failure() != null) {
                    failures.add(outcome.failure());
                }
            }
            words = words.plus(outcome.words());
            results += outcome.timeline().results();
            missed += outcome.timeline().missedOnsets();
        }
        Distribution lagMs = Distribution.of(lag);
        boolean within = errors == 0 && lagMs.p95() != null && lagMs.p95() <= lagBound.toMillis();
        Double cpuPercent = resources.cpuCores() == null ? null
                : Math.round(resources.cpuCores() * 1000.0 / Runtime.getRuntime().availableProcessors()) / 10.0;
        Double wer = words.rate() == null ? null : Math.round(words.rate() * 10_000) / 10_000.0;
        return new StepResult(outcomes.size(), audioSeconds, resources.wallSeconds(), lagMs,
                Distribution.of(firstPartial), Distribution.of(finals), Distribution.of(handshakes),
                Distribution.of(sendDelays), resources.cpuCores(), cpuPercent, resources.rssMb(), errors, closes,
                wer, words.referenceWords(), results, missed, within, new ArrayList<>(failures));
    }
}
