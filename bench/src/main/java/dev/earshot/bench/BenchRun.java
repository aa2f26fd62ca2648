package dev.earshot.bench;

import dev.earshot.bench.accuracy.AccuracyClip;
import dev.earshot.bench.accuracy.AccuracyClips;
import dev.earshot.bench.accuracy.AccuracyReport;
import dev.earshot.bench.accuracy.AccuracyRun;
import dev.earshot.bench.audio.Fixture;
import dev.earshot.bench.audio.Fixtures;
import dev.earshot.bench.audio.Programme;
import dev.earshot.bench.audio.WireAudio;
import dev.earshot.bench.firstwords.FirstWords;
import dev.earshot.bench.idle.IdleResult;
import dev.earshot.bench.idle.IdleSessions;
import dev.earshot.bench.load.EngineStreams;
import dev.earshot.bench.load.FilesBeside;
import dev.earshot.bench.load.LiveStreams;
import dev.earshot.bench.load.LoadStep;
import dev.earshot.bench.load.RawVosk;
import dev.earshot.bench.load.Ramp;
import dev.earshot.bench.load.Series;
import dev.earshot.bench.load.StepResult;
import dev.earshot.bench.load.StreamSource;
import dev.earshot.bench.measure.FileDescriptors;
import dev.earshot.bench.measure.ResourceGauge;
import dev.earshot.bench.report.ReportTable;
import dev.earshot.bench.servers.ModelLocation;
import dev.earshot.bench.servers.RemoteServer;
import dev.earshot.bench.servers.ServerUnderTest;
import dev.earshot.bench.servers.SpawnedServer;
import dev.earshot.client.LiveClient;
import dev.earshot.server.EngineWarmUp;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.ffmpeg.Ffmpeg;
import dev.earshot.server.engine.VoskEngine;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One run of the bench: loads the fixtures, sets up what is tested (a server by URL, one spawned here, or
 * the engine alone), plays the steps while printing a row per step, and hands the findings to {@link BenchReports}.
 */
final class BenchRun {
    /** After a step, how long a server may take to see its streams' closes. */
    static final Duration QUIET_LIMIT = Duration.ofSeconds(30);
    /** The engine's model language; the bench's streams never ask for another. */
    private static final String LANGUAGE = "en";

    private final BenchSettings settings;
    private final PrintWriter out;

    BenchRun(BenchSettings settings, PrintWriter out) {
        this.settings = settings;
        this.out = out;
    }

    /** What a run found; the sections its mode does not produce are null. */
    record Findings(String target, String model, String cpuSource, Series server, Series engine, IdleResult idle,
                    FirstWords.Result firstWords, AccuracyReport accuracy) {
    }

    void run() throws Exception {
        List<Fixture> fixtures = settings.fixtures() == null ? Fixtures.bundled() : Fixtures.directory(settings.fixtures());
        List<Programme> programmes = new ArrayList<>();
        for (int first = 0; first < fixtures.size(); first++) {
            programmes.add(Programme.build(fixtures, first, settings.duration()));
        }
        if (!settings.engineOnly() && !settings.firstWords()) {
            checkDescriptors();
        }
        Findings findings;
        if (settings.firstWords()) {
            Path modelDir = ModelLocation.find(settings.model());
            try (VoskEngine engine = VoskEngine.load(modelDir, LANGUAGE, 1)) {
                findings = firstWords(engine, modelDir, fixtures);
            }
        } else if (settings.engineOnly() || settings.efficiency()) {
            Path modelDir = ModelLocation.find(settings.model());
            try (RawVosk engine = RawVosk.load(modelDir, LANGUAGE)) {
                findings = settings.engineOnly() ? engineOnly(engine, programmes) : efficiency(engine, modelDir, programmes);
            }
        } else if (settings.spawn()) {
            Path modelDir = ModelLocation.find(settings.model());
            try (VoskEngine engine = SpawnedServer.engine(modelDir, LANGUAGE, settings.mostStreams());
                 SpawnedServer server = SpawnedServer.start(engine, Ffmpeg.load(), modelDir, settings.mostStreams(),
                         settings.decodeThreads(), settings.warmUp())) {
                findings = served(server, "spawned", programmes, fixtures);
            }
        } else {
            ResourceGauge gauge = settings.serverPid() == null ? new ResourceGauge.Unmeasured()
                    : new ResourceGauge.OtherProcess(settings.serverPid());
            try (LiveClient client = LiveClient.builder(settings.url(), settings.apiKey()).build()) {
                RemoteServer server = RemoteServer.check(client, settings.url(), settings.apiKey(), query(programmes),
                        firstFrame(programmes), gauge);
                findings = served(server, settings.url().toString(), programmes, fixtures);
            }
        }
        new BenchReports(settings, programmes, out).finish(findings);
    }

    private Findings engineOnly(RawVosk engine, List<Programme> programmes) throws InterruptedException {
        describe("the engine alone (no server), model " + engine.model().name(), programmes);
        Series series = ramp(new EngineStreams(engine, programmes, settings.fast()), new ResourceGauge.ThisProcess(),
                () -> { });
        return new Findings("none", engine.model().name(), new ResourceGauge.ThisProcess().source(), null, series, null,
                null, null);
    }

    private Findings firstWords(VoskEngine engine, Path modelDir, List<Fixture> fixtures) throws Exception {
        int preRollMs = (int) Settings.defaults(List.of("unused"), modelDir).preRoll().toMillis();
        out.printf(Locale.ROOT, "earshot bench: the engine's first words, model %s, no server; %d fixtures; a segment per"
                        + " utterance from a %d ms pre-roll, endpointing %d ms, words asked after every %d ms block%n%n",
                engine.model().name(), fixtures.size(), preRollMs, settings.endpointingMs(), FirstWords.BLOCK_MS);
        out.flush();
        FirstWords measure = new FirstWords(engine, preRollMs, settings.endpointingMs());
        measure.warmUp(EngineWarmUp.speech(engine.sampleRateHz()));
        FirstWords.Result result = measure.measure(fixtures);
        return new Findings("none", engine.model().name(), null, null, null, null, result, null);
    }

    private Findings efficiency(RawVosk engine, Path modelDir, List<Programme> programmes) throws Exception {
        describe("the engine alone, then a server spawned around it; model " + engine.model().name(), programmes);
        out.println("engine-only baseline:");
        Series baseline = ramp(new EngineStreams(engine, programmes, settings.fast()), new ResourceGauge.ThisProcess(),
                () -> { });
        out.printf(Locale.ROOT, "%nspawned server:%n");
        try (VoskEngine served = SpawnedServer.engine(modelDir, LANGUAGE, settings.mostStreams());
             SpawnedServer server = SpawnedServer.start(served, Ffmpeg.load(), modelDir, settings.mostStreams(),
                settings.decodeThreads(), settings.warmUp())) {
            Findings found = served(server, "spawned", programmes, List.of());
            return new Findings("spawned", found.model(), found.cpuSource(), found.server(), baseline, null, null, null);
        }
    }

    private Findings served(ServerUnderTest target, String name, List<Programme> programmes, List<Fixture> fixtures)
            throws Exception {
        if (settings.accuracy()) {
            return accuracy(target, name, fixtures);
        }
        if (!settings.efficiency()) {
            describe((settings.spawn() ? "a server spawned at " : "the server at ") + target.baseUri() + ", model "
                    + target.modelName(), programmes);
        }
        try (LiveClient client = LiveClient.builder(target.baseUri(), target.apiKey()).build()) {
            LiveStreams streams = new LiveStreams(client, programmes, wire(programmes), settings.endpointingMs(),
                    settings.fast());
            if (settings.idle()) {
                IdleSessions idle = new IdleSessions(client, query(programmes), firstFrame(programmes), target.gauge(),
                        target::liveRecognisers, settings.idleRate());
                IdleSessions.ActiveLoad active = settings.activeStreams() == 0 ? null : () -> {
                    out.print(ReportTable.header());
                    StepResult step = LoadStep.run(settings.activeStreams(), streams, target.gauge(), settings.stagger(),
                            settings.lagBound());
                    row(step);
                    return step;
                };
                IdleResult result = idle.run(settings.idleSessions(), settings.idleHold(), active, this::progress);
                return new Findings(name, target.modelName(), target.gauge().source(), null, null, result, null, null);
            }
            if (settings.postFiles() == null) {
                Series series = ramp(streams, target.gauge(), () -> target.awaitQuiet(QUIET_LIMIT));
                return new Findings(name, target.modelName(), target.gauge().source(), series, null, null, null, null);
            }
            Series series;
            try (FilesBeside files = FilesBeside.start(target.baseUri(), target.apiKey(), settings.postFiles(),
                    settings.postClients())) {
                series = ramp(streams, target.gauge(), () -> { });
                files.close();
                out.println(files.summary());
            }
            target.awaitQuiet(QUIET_LIMIT);
            return new Findings(name, target.modelName(), target.gauge().source(), series, null, null, null, null);
        }
    }

    /** --accuracy: the engine alone, loaded beside the server, then the server, at each N (see AccuracyRun). */
    private Findings accuracy(ServerUnderTest target, String name, List<Fixture> fixtures) throws Exception {
        out.printf(Locale.ROOT, "earshot bench: accuracy of the engine alone and of %s, model %s; %d fixtures; %d cores%n",
                settings.spawn() ? "a server spawned at " + target.baseUri() : "the server at " + target.baseUri(),
                target.modelName(), fixtures.size(), Runtime.getRuntime().availableProcessors());
        out.flush();
        List<AccuracyClip> clips = AccuracyClips.prepare(fixtures, settings.fixtures(), settings.wireFormat());
        try (RawVosk engine = RawVosk.load(ModelLocation.find(settings.model()), LANGUAGE);
             LiveClient client = LiveClient.builder(target.baseUri(), target.apiKey()).build()) {
            AccuracyReport report = new AccuracyRun(engine, client, settings.wireFormat(), settings.endpointingMs(),
                    settings.fast(), out).compare(settings.stepCounts(), clips, () -> target.awaitQuiet(QUIET_LIMIT));
            return new Findings(name, target.modelName(), null, null, null, null, null, report);
        }
    }

    private Series ramp(StreamSource source, ResourceGauge gauge, Ramp.Quiet quiet)
            throws InterruptedException {
        out.print(ReportTable.header());
        out.flush();
        Ramp ramp = new Ramp(settings.stagger(), settings.lagBound(), quiet, this::row);
        return settings.findMax() ? ramp.findMax(settings.ramp(), source, gauge)
                : ramp.steps(settings.stepCounts(), source, gauge);
    }

    private void row(StepResult step) {
        out.print(ReportTable.row(step));
        out.flush();
    }

    private void progress(String line) {
        out.println("  " + line);
        out.flush();
    }

    private void describe(String target, List<Programme> programmes) {
        out.printf(Locale.ROOT, "earshot bench: %s; %d cores%n", target, Runtime.getRuntime().availableProcessors());
        StringBuilder plays = new StringBuilder();
        for (Programme programme : programmes) {
            plays.append(plays.length() == 0 ? "" : " | ").append(String.join(" + ", programme.pieces()))
                    .append(String.format(Locale.ROOT, " (%.1f s)", programme.seconds()));
        }
        WireAudio wire = settings.engineOnly() ? WireAudio.linear16(programmes.get(0).sampleRateHz()) : wire(programmes);
        out.printf(Locale.ROOT, "streams play %s, %s as %s at %d Hz in %d ms frames; endpointing %s; keeps up: no"
                        + " errors and lag p95 <= %d ms%n%n", plays, settings.fast() ? "as fast as read" : "at real time",
                wire.encoding(), wire.sampleRateHz(), wire.frameMs(),
                settings.endpointingMs() == 0 ? "off" : settings.endpointingMs() + " ms", settings.lagBound().toMillis());
        out.flush();
    }

    /** Every socket is a file descriptor; with --spawn both ends live in this process. */
    private void checkDescriptors() {
        long perSession = settings.spawn() ? 2 : 1;
        long needed = (long) settings.mostStreams() * perSession;
        String what = settings.idle() ? "--idle " + settings.idleSessions() : settings.mostStreams() + " streams";
        Optional<String> shortfall = FileDescriptors.shortfall(needed, what + (settings.spawn()
                ? " with --spawn (both ends of each socket are in this process)" : ""));
        if (shortfall.isPresent()) {
            throw new IllegalStateException(shortfall.get());
        }
    }

    private WireAudio wire(List<Programme> programmes) {
        return settings.wire(programmes.get(0).sampleRateHz());
    }

    private String query(List<Programme> programmes) {
        return LiveStreams.query(wire(programmes), settings.endpointingMs());
    }

    /**
     * The first 100 ms of audio as the wire encodes it, in one message: what the check stream and each idle
     * session send.
     */
    private byte[] firstFrame(List<Programme> programmes) {
        WireAudio wire = wire(programmes);
        byte[] audio = wire.encode(programmes.get(0));
        int bytes = wire.frameBytes() * Math.max(1, WireAudio.LINEAR16_FRAME_MS / wire.frameMs());
        return Arrays.copyOf(audio, Math.min(bytes, audio.length));
    }
}
