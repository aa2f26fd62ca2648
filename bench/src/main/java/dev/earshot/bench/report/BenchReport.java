package dev.earshot.bench.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.earshot.bench.accuracy.AccuracyReport;
import dev.earshot.bench.firstwords.FirstWords;
import dev.earshot.bench.idle.IdleResult;
import dev.earshot.bench.load.Series;
import dev.earshot.bench.load.StepResult;
import java.util.List;

/**
 * The whole run, as {@code --json} writes it (snake_case keys; docs/performance.md describes each).
 * Sections a mode does not produce are left out; figures that could not be measured are null.
 *
 * @param mode               {@code steps}, {@code find-max}, {@code engine-only}, {@code efficiency}, {@code idle},
 *                           {@code first-words}, {@code accuracy}
 * @param target             the server's URL, {@code spawned} or {@code none} (engine only)
 * @param cores              the machine's cores, as the JVM sees them
 * @param maxStreams         with find-max: the largest N whose whole run kept lag p95 within the bound
 * @param steps              the server's steps, or the engine's with --engine-only
 * @param engineOnly         with --efficiency: the engine-only baseline's search
 * @param servingEfficiency  with --efficiency: server max_streams / engine-only max_streams
 * @param firstWords         with --first-words: the engine's own time to name an utterance's first word
 * @param accuracy           with --accuracy: the engine alone's and the server's word error rates, per N
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BenchReport(String tool, String date, String mode, String target, int cores, String cpu,
                          String javaVersion, String os, String model, Parameters parameters, Integer maxStreams,
                          Boolean maxStreamsIsLowerBound, List<StepResult> steps, Series engineOnly,
                          Double servingEfficiency, IdleResult idle, FirstWords.Result firstWords,
                          AccuracyReport accuracy) {

    /**
     * How the run was made.
     *
     * @param programmes            what the streams play: stream i plays programme i modulo their number
     * @param audioSecondsPerStream what each stream played (the longest programme)
     * @param speechOnset           how speech onsets were found, for first-partial latency
     * @param cpuSource             whose CPU and memory the steps report; null when nobody's
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Parameters(List<String> programmes, double audioSecondsPerStream, int frameMs, boolean realTime,
                             int staggerMs, int lagBoundMs, int endpointingMs, String query, String speechOnset,
                             String cpuSource) {
    }
}
