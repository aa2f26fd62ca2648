package dev.earshot.bench.measure;

import java.util.Collection;

/**
 * Percentiles of a set of samples (milliseconds, rounded to 0.1), by the nearest-rank method: p95 is a
 * value that was actually observed, the smallest with at least 95% of the samples at or below it.
 * Empty: count 0 and nulls, which the JSON report keeps as nulls.
 */
public record Distribution(int count, Double p50, Double p95, Double p99, Double max) {
    public static final Distribution EMPTY = new Distribution(0, null, null, null, null);

    public static Distribution of(Collection<Double> samples) {
        if (samples.isEmpty()) {
            return EMPTY;
        }
        double[] sorted = samples.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return new Distribution(sorted.length, round(percentile(sorted, 50)), round(percentile(sorted, 95)),
                round(percentile(sorted, 99)), round(sorted[sorted.length - 1]));
    }

    /** Nearest rank: the value at rank ceil(p/100 * n), counting from 1. */
    static double percentile(double[] sorted, double percent) {
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static double round(double millis) {
        return Math.round(millis * 10) / 10.0;
    }
}
