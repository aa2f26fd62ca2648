package dev.earshot.bench;

import dev.earshot.bench.audio.Programme;
import dev.earshot.bench.audio.WireAudio;
import dev.earshot.bench.load.LiveStreams;
import dev.earshot.bench.load.Series;
import dev.earshot.bench.load.StepResult;
import dev.earshot.bench.measure.ProcFiles;
import dev.earshot.bench.report.AccuracyTable;
import dev.earshot.bench.report.BenchReport;
import dev.earshot.bench.report.LagPlot;
import dev.earshot.bench.report.ReportJson;
import dev.earshot.bench.report.ReportTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Turns a run's findings into the report: the headline lines on the terminal, {@code --json} and {@code --plot}. */
final class BenchReports {
    static final String SPEECH_ONSET = "energy: the first 10 ms window above -40 dBFS after at least 250 ms below it,"
            + " found once per fixture at startup";

    private final BenchSettings settings;
    private final List<Programme> programmes;
    private final PrintWriter out;

    BenchReports(BenchSettings settings, List<Programme> programmes, PrintWriter out) {
        this.settings = settings;
        this.programmes = List.copyOf(programmes);
        this.out = out;
    }

    void finish(BenchRun.Findings findings) throws IOException {
        BenchReport report = report(findings);
        out.println();
        headline(findings);
        if (settings.json() != null) {
            ReportJson.write(report, settings.json());
            out.println("report: " + settings.json());
        }
        if (settings.plot() != null) {
            List<LagPlot.Curve> curves = curves(findings);
            if (curves.isEmpty()) {
                out.println("plot: nothing to draw (no load steps; --idle draws its --streams K step)");
            } else {
                Path parent = settings.plot().toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                String title = String.format(Locale.ROOT, "earshot bench: lag vs streams (%s, %d cores)", report.model(),
                        report.cores());
                Files.writeString(settings.plot(), LagPlot.svg(title, curves, settings.lagBound()));
                out.println("plot: " + settings.plot());
            }
        }
        out.flush();
    }

    private void headline(BenchRun.Findings findings) {
        long bound = settings.lagBound().toMillis();
        if (findings.engine() != null && findings.engine().maxStreams() != null) {
            out.printf(Locale.ROOT, "engine-only capacity (lag p95 <= %d ms): %s%n", bound, capacity(findings.engine()));
        }
        if (findings.server() != null && findings.server().maxStreams() != null) {
            out.printf(Locale.ROOT, "server capacity (lag p95 <= %d ms, no errors): %s%n", bound, capacity(findings.server()));
        }
        Double efficiency = efficiency(findings);
        if (efficiency != null) {
            out.printf(Locale.ROOT, "serving efficiency (server / engine-only): %.2f%n", efficiency);
        }
        if (findings.idle() != null) {
            out.print(ReportTable.idle(findings.idle()));
        }
        if (findings.firstWords() != null) {
            out.print(ReportTable.firstWords(findings.firstWords()));
        }
        if (findings.accuracy() != null) {
            out.print(AccuracyTable.summary(findings.accuracy()));
        }
    }

    private static String capacity(Series series) {
        return series.maxStreams() + " streams" + (Boolean.TRUE.equals(series.maxStreamsIsLowerBound())
                ? " or more (every step of the ramp kept up)" : "");
    }

    private static Double efficiency(BenchRun.Findings findings) {
        if (findings.server() == null || findings.engine() == null || findings.server().maxStreams() == null
                || findings.engine().maxStreams() == null || findings.engine().maxStreams() == 0) {
            return null;
        }
        return Math.round(findings.server().maxStreams() * 1000.0 / findings.engine().maxStreams()) / 1000.0;
    }

    BenchReport report(BenchRun.Findings findings) {
        Series main = findings.server() != null ? findings.server() : findings.engine();
        List<StepResult> steps = main != null ? main.steps()
                : findings.idle() != null && findings.idle().active() != null ? List.of(findings.idle().active()) : List.of();
        double seconds = programmes.stream().mapToDouble(Programme::seconds).max().orElse(0);
        List<String> played = programmes.stream().map(programme -> String.join(" + ", programme.pieces())).toList();
        // --accuracy's own section says what its streams sent (Ogg/Opus has no frame size or raw query).
        boolean serverRun = !settings.engineOnly() && !settings.firstWords() && !settings.accuracy();
        WireAudio wire = serverRun ? settings.wire(programmes.get(0).sampleRateHz())
                : WireAudio.linear16(programmes.get(0).sampleRateHz());
        BenchReport.Parameters parameters = new BenchReport.Parameters(played, Math.round(seconds * 100) / 100.0,
                wire.frameMs(), !settings.fast() && !settings.firstWords(), (int) settings.stagger().toMillis(),
                (int) settings.lagBound().toMillis(), settings.endpointingMs(),
                serverRun ? LiveStreams.query(wire, settings.endpointingMs()) : null,
                SPEECH_ONSET, findings.cpuSource());
        return new BenchReport("earshot bench", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), settings.mode(),
                findings.target(), Runtime.getRuntime().availableProcessors(), ProcFiles.cpuModel().orElse(null),
                System.getProperty("java.vendor") + " " + System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                findings.model(), parameters, main == null ? null : main.maxStreams(),
                main == null ? null : main.maxStreamsIsLowerBound(), steps,
                settings.efficiency() ? findings.engine() : null, efficiency(findings), findings.idle(),
                findings.firstWords(), findings.accuracy());
    }

    private static List<LagPlot.Curve> curves(BenchRun.Findings findings) {
        List<LagPlot.Curve> curves = new ArrayList<>();
        if (findings.server() != null) {
            curves.add(new LagPlot.Curve("server", findings.server().steps(), false));
        }
        if (findings.engine() != null) {
            curves.add(new LagPlot.Curve("engine only", findings.engine().steps(), findings.server() != null));
        }
        if (findings.idle() != null && findings.idle().active() != null) {
            curves.add(new LagPlot.Curve("active beside idle", List.of(findings.idle().active()), false));
        }
        return curves;
    }
}
