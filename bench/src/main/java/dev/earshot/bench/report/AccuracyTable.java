package dev.earshot.bench.report;

import dev.earshot.bench.accuracy.AccuracyReport;
import java.util.Locale;

/** The terminal's view of {@code --accuracy}: the parameters, then per N a row per fixture and the total. */
public final class AccuracyTable {
    private static final String FORMAT = "%7s  %-20s  %6s  %5s  %10s  %10s  %10s  %s%n";

    private AccuracyTable() {
    }

    public static String parameters(AccuracyReport report) {
        return String.format(Locale.ROOT, "accuracy: wire %s (%s%s), query %s; endpointing %s; %s; %s%n", report.wire(),
                report.wireAudio(), report.narrowbandSource() == null ? "" : "; " + report.narrowbandSource(),
                report.query(), report.endpointingMs() == 0 ? "off" : report.endpointingMs() + " ms",
                report.realTime() ? "real time" : "as fast as read (--fast)", AccuracyReport.SCHEDULE);
    }

    public static String header() {
        return String.format(Locale.ROOT, FORMAT, "streams", "fixture", "words", "plays", "engine WER", "server WER",
                "difference", "failed (engine/server)")
                + String.format(Locale.ROOT, FORMAT, "", "", "", "", "alone", "", "points", "").stripTrailing()
                + System.lineSeparator();
    }

    public static String step(AccuracyReport.Step step) {
        StringBuilder text = new StringBuilder();
        for (AccuracyReport.Row row : step.fixtures()) {
            text.append(row(step.streams(), row));
        }
        text.append(row(step.streams(), step.total()));
        for (String failure : step.failures()) {
            text.append("         failed: ").append(failure).append(System.lineSeparator());
        }
        return text.toString();
    }

    static String row(int streams, AccuracyReport.Row row) {
        return String.format(Locale.ROOT, FORMAT, streams, row.fixture(), row.referenceWords(), row.plays(),
                percent(row.engineWer()), percent(row.serverWer()),
                row.differencePoints() == null ? "-" : String.format(Locale.ROOT, "%+.2f", row.differencePoints()),
                row.engineFailed() + "/" + row.serverFailed());
    }

    /** One line per N for the run's end: the totals only. */
    public static String summary(AccuracyReport report) {
        StringBuilder text = new StringBuilder();
        for (AccuracyReport.Step step : report.steps()) {
            AccuracyReport.Row total = step.total();
            text.append(String.format(Locale.ROOT, "WER with %d stream%s at once, %d words x %d: engine alone %s, server"
                            + " %s, difference %s points%n", step.streams(), step.streams() == 1 ? "" : "s",
                    total.referenceWords(), total.plays() / Math.max(1, step.fixtures().size()),
                    percent(total.engineWer()), percent(total.serverWer()), total.differencePoints() == null ? "-"
                            : String.format(Locale.ROOT, "%+.2f", total.differencePoints())));
        }
        return text.toString();
    }

    private static String percent(Double rate) {
        return rate == null ? "-" : String.format(Locale.ROOT, "%.2f%%", rate * 100);
    }
}
