package dev.earshot.bench.report;

import dev.earshot.bench.firstwords.FirstWords;
import dev.earshot.bench.idle.IdleResult;
import dev.earshot.bench.load.StepResult;
import dev.earshot.bench.measure.Distribution;
import java.util.Locale;
import java.util.StringJoiner;

/** The terminal's view of the run: one row per step as it ends, then the headline figures. */
public final class ReportTable {
    private static final String FORMAT = "%7s  %7s %7s %7s  %8s  %8s  %12s  %5s  %6s  %6s  %6s  %s%n";

    private ReportTable() {
    }

    public static String header() {
        return String.format(Locale.ROOT, FORMAT, "streams", "lag p50", "p95", "max", "partial", "final",
                "handshake", "cpu", "rss MB", "WER", "errors", "keeps up")
                + String.format(Locale.ROOT, FORMAT, "", "ms", "ms", "ms", "p50 ms", "p50 ms", "p50/p99 ms", "cores", "",
                "", "", "");
    }

    public static String row(StepResult step) {
        Distribution handshake = step.handshakeMs();
        String row = String.format(Locale.ROOT, FORMAT, step.streams(), ms(step.lagMs().p50()), ms(step.lagMs().p95()),
                ms(step.lagMs().max()), ms(step.firstPartialMs().p50()), ms(step.finalLatencyMs().p50()),
                handshake.count() == 0 ? "-" : ms(handshake.p50()) + "/" + ms(handshake.p99()),
                step.cpuCores() == null ? "-" : String.format(Locale.ROOT, "%.2f", step.cpuCores()),
                step.rssMb() == null ? "-" : Long.toString(Math.round(step.rssMb())),
                step.wer() == null ? "-" : String.format(Locale.ROOT, "%.1f%%", step.wer() * 100), step.errors(),
                step.withinBound() ? "yes" : "no");
        if (step.errors() > 0) {
            row += "         ended: " + step.closeCodes() + (step.failures().isEmpty() ? ""
                    : "; first failure: " + step.failures().get(0)) + System.lineSeparator();
        }
        Double late = step.sendDelayMs().p95();
        if (late != null && late > 50) {
            row += "         warning: frames left " + ms(late) + " ms late (p95): the load generator is starved,"
                    + " so this step's figures overstate the server's lag" + System.lineSeparator();
        }
        return row;
    }

    public static String firstWords(FirstWords.Result result) {
        StringBuilder text = new StringBuilder();
        String format = "%-24s  %10s  %7s  %7s  %7s  %7s%n";
        text.append(String.format(Locale.ROOT, format, "fixture", "utterances", "missed", "p50 ms", "p95 ms", "max ms"));
        for (FirstWords.FixtureWords fixture : result.fixtures()) {
            text.append(String.format(Locale.ROOT, format, fixture.fixture(), fixture.utterances(), fixture.missed(),
                    ms(fixture.latencyMs().p50()), ms(fixture.latencyMs().p95()), ms(fixture.latencyMs().max())));
        }
        text.append(String.format(Locale.ROOT, "first words: %d utterances, %d missed; audio the engine needed after the"
                        + " end of the onset's block: p50 %s ms, p95 %s ms, mean %s ms%n", result.utterances(),
                result.missed(), ms(result.latencyMs().p50()), ms(result.latencyMs().p95()),
                result.meanMs() == null ? "-" : ms(result.meanMs())));
        if (!result.utterancesByLatency().isEmpty()) {
            StringJoiner counts = new StringJoiner(", ", "  utterances by latency: ", System.lineSeparator());
            result.utterancesByLatency().forEach((ms, count) -> counts.add(ms + " ms " + count));
            text.append(counts);
        }
        return text.toString();
    }

    public static String idle(IdleResult idle) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "idle sessions: %d of %d open in %.1f s, paced %s (handshake p50 %s ms, p99 %s ms)%n",
                idle.opened(), idle.sessions(), idle.openSeconds(), idle.openPacing(), ms(idle.handshakeMs().p50()),
                ms(idle.handshakeMs().p99())));
        if (!idle.openFailures().isEmpty()) {
            text.append("  not opened: ").append(idle.openFailures()).append(System.lineSeparator());
        }
        text.append(String.format(Locale.ROOT, "  then %.1f s until the server had made their recognisers (%s)%n",
                idle.settleSeconds(), idle.settledBy()));
        text.append(String.format(Locale.ROOT, "  memory of %s: %s MB before, %s MB with %d open, %s MB after the hold: %s kB per session%n",
                idle.memorySource() == null ? "the server not measured (pass --server-pid)" : idle.memorySource(),
                number(idle.rssBeforeMb()), number(idle.rssOpenMb()), idle.sessionsMeasured(), number(idle.rssEndMb()),
                number(idle.perSessionKb())));
        text.append(String.format(Locale.ROOT, "  after %.0f s: %d still open; closed early %s; ended %s%n",
                idle.holdSeconds(), idle.aliveAtEnd(), idle.closedEarly(), idle.closeCodes()));
        if (idle.closedEarly().keySet().stream().anyMatch(code -> code.contains("NET-0000"))) {
            text.append("  NET-0000: the server's decode lanes fell 10 s behind (recognisers queue there); open the"
                    + " sessions more slowly with --idle-rate").append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String ms(Double millis) {
        return millis == null ? "-" : Long.toString(Math.round(millis));
    }

    private static String number(Double value) {
        return value == null ? "-" : String.format(Locale.ROOT, "%.1f", value);
    }
}
