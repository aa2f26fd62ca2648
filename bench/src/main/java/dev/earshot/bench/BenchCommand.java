package dev.earshot.bench;

import dev.earshot.bench.audio.WireFormat;
import dev.earshot.bench.measure.ResourceGauge;
import dev.earshot.protocol.EarshotVersion;
import dev.earshot.protocol.LocalApiKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code earshot bench}: plays live streams of the speech fixtures at a server (or the bare engine) and
 * reports lag, latencies, CPU, memory, errors and accuracy per step (docs/performance.md).
 */
@Command(name = "earshot bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Load-test an Earshot server with live streams of speech at real time, or the Vosk engine alone.",
                "Reports per step: lag behind real time, first-partial and final latency, handshake time, CPU, memory,"
                        + " close codes and word error rate. See docs/performance.md."})
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--url", paramLabel = "URL", description = "Server to test (default ${DEFAULT-VALUE}).", defaultValue = "http://127.0.0.1:8080")
    URI url;
    @Option(names = "--key", paramLabel = "KEY", description = "API key for --url (default: $EARSHOT_API_KEY, else the local key 'earshot serve' stored).")
    String key;
    @Option(names = "--spawn", description = "Start a server in this process (127.0.0.1, free port, embedded model) and test it.")
    boolean spawn;
    @Option(names = "--model", paramLabel = "DIR", description = "Vosk model for --spawn/--engine-only (default: server/target/model/en-us).")
    Path model;
    @Option(names = "--server-pid", paramLabel = "PID", description = "With --url: the server's pid, to read its CPU and memory from /proc.")
    Long serverPid;
    @Option(names = "--decode-threads", paramLabel = "N", description = "Engine threads of the --spawn server (default: one per core).")
    Integer decodeThreads;
    @Option(names = "--warm-up", paramLabel = "N", description = "Recognisers the --spawn server warms up before the first step, as 'earshot serve --warm-up' (default: serve's; 0 starts at once, cold).")
    Integer warmUp;
    @Option(names = "--streams", split = ",", paramLabel = "N", description = "Concurrent streams per step (default 1,2,4). With --find-max: the ramp. With --idle: the active streams held meanwhile.")
    List<Integer> streams;
    @Option(names = "--find-max", description = "Ramp up until lag p95 passes --lag-bound (or a stream fails), then bisect: the largest N that keeps up.")
    boolean findMax;
    @Option(names = "--ramp-step", paramLabel = "N", defaultValue = "2", description = "find-max without --streams: ramp by this many (default ${DEFAULT-VALUE}).")
    int rampStep;
    @Option(names = "--ramp-limit", paramLabel = "N", defaultValue = "256", description = "find-max without --streams: stop ramping here (default ${DEFAULT-VALUE}).")
    int rampLimit;
    @Option(names = "--lag-bound", defaultValue = "500", paramLabel = "MS", description = "Lag p95 a step may reach and still keep up, ms (default ${DEFAULT-VALUE}).")
    long lagBoundMs;
    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class, description = "Audio per stream, e.g. 4s, 90s, 2m: fixtures are chained and cut between sentences (default: one fixture, ~15 s).")
    Duration duration;
    @Option(names = "--fast", description = "Send audio as fast as the server reads it instead of at real time.")
    boolean fast;
    @Option(names = "--stagger", defaultValue = "0", paramLabel = "MS", description = "Start a step's streams this far apart, ms (default: all at once).")
    long staggerMs;
    @Option(names = "--endpointing", defaultValue = "300", paramLabel = "MS", description = "The streams' endpointing parameter, ms; 0 sends endpointing=false (default ${DEFAULT-VALUE}).")
    int endpointingMs;
    @Option(names = "--engine-only", description = "No server: the same audio straight into Vosk recognisers, one thread per stream.")
    boolean engineOnly;
    @Option(names = "--first-words", description = "No server, not real time: how much audio after each utterance's onset the engine needs before it names a word (a fresh decoder on a warm recogniser, asked after every 100 ms block): the floor under first-partial latency.")
    boolean firstWords;
    @Option(names = "--efficiency", description = "find-max for --engine-only, then for a --spawn server; report both and the ratio.")
    boolean efficiency;
    @Option(names = "--idle", paramLabel = "N", defaultValue = "0", description = "Hold N sessions that sent 100 ms of audio and then only KeepAlive; measure memory.")
    int idleSessions;
    @Option(names = "--idle-rate", paramLabel = "PER_SECOND", defaultValue = "0", description = "Open idle sessions at this rate (default: as the spawned server makes their recognisers; 10 per core per second with --url).")
    double idleRate;
    @Option(names = "--idle-hold", paramLabel = "DURATION", converter = DurationConverter.class, defaultValue = "30s", description = "How long to hold the idle sessions (default ${DEFAULT-VALUE}).")
    Duration idleHold;
    @Option(names = "--json", paramLabel = "FILE", description = "Write the report as JSON.")
    Path json;
    @Option(names = "--plot", paramLabel = "FILE", description = "Write lag p50/p95 against streams as SVG.")
    Path plot;
    @Option(names = "--accuracy", description = {"Compare accuracy on the same fixtures: the engine alone the plain way (one"
            + " Vosk recogniser per session for its whole life, Result() at the engine's endpoints, FinalResult() at the"
            + " end), then the server (--spawn or --url), N streams at once for each N of --streams (default 1). Each"
            + " stream plays every fixture whole, one live session each, stream i starting at fixture i. Prints per"
            + " fixture and in total: reference words, engine-alone WER, server WER, the difference in points;"
            + " --json gets it too. Use --endpointing 0 for the engine's own endpoints on both sides."})
    boolean accuracy;
    @Option(names = "--wire", paramLabel = "FORMAT", converter = WireFormatConverter.class, description = {"How streams"
            + " carry audio to the server: linear16-16k (default: the fixtures' PCM in 100 ms frames), linear16-8k"
            + " (100 ms frames), mulaw-8k (G.711 in 20 ms frames, as Twilio Media Streams sends a call), ogg-opus"
            + " (--accuracy only: Ogg/Opus at 32 kbit/s mono, 20 ms packets, a message per ~100 ms of pages, encoded"
            + " here by the server's bundled FFmpeg and libopus). The 8 kHz formats send DIR/8k/NAME.wav when"
            + " --fixtures DIR has it, else the fixture resampled by the server's Resampler. The engine alone always"
            + " gets the 16 kHz fixture."})
    WireFormat wire;
    @Option(names = "--telephony", description = "Same as --wire mulaw-8k: stream as a phone call arrives, G.711 mu-law at 8 kHz in 20 ms frames (Twilio Media Streams' format), resampled by the server.")
    boolean telephony;
    @Option(names = "--fixtures", paramLabel = "DIR", description = "Play NAME.wav files (16-bit mono PCM) with NAME.txt transcripts from DIR instead of the bundled speech.")
    Path fixtures;
    @Option(names = "--post-files", paramLabel = "DIR", description = "Meanwhile POST every file of DIR to /v1/listen, round and round (e.g. crafted files: docs/performance.md).")
    Path postFiles;
    @Option(names = "--post-clients", paramLabel = "N", defaultValue = "2", description = "With --post-files: posts under way at once (default ${DEFAULT-VALUE}).")
    int postClients;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    BenchCommand(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        int exitCode = commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true), System.getenv())
                .execute(args);
        if (exitCode != 0) {
            System.exit(exitCode);
        }
    }

    /** The command line with its output and environment, as main and the tests run it. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, Map<String, String> environment) {
        CommandLine line = new CommandLine(new BenchCommand(environment));
        line.getCommandSpec().version(EarshotVersion.line());
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((exception, command, parsed) -> {
            String message = exception.getMessage() != null ? exception.getMessage() : exception.toString();
            command.getErr().println("earshot bench: " + message);
            if (!(exception instanceof IOException || exception instanceof UncheckedIOException
                    || exception instanceof IllegalStateException || exception instanceof IllegalArgumentException
                    || exception instanceof InterruptedException)) {
                exception.printStackTrace(command.getErr()); // not a situation but a bug: show where
            }
            return 1;
        });
        return line;
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = settings();
        new BenchRun(settings, spec.commandLine().getOut()).run();
        return 0;
    }

    BenchSettings settings() {
        boolean urlGiven = spec.commandLine().getParseResult().hasMatchedOption("--url");
        if (spawn && urlGiven) {
            throw usage("--url and --spawn are alternatives: --spawn tests a server it starts itself");
        }
        if (engineOnly && (spawn || urlGiven || idleSessions > 0 || serverPid != null || efficiency)) {
            throw usage("--engine-only runs no server: it cannot go with --spawn, --url, --server-pid, --idle or --efficiency");
        }
        if (firstWords && (spawn || urlGiven || engineOnly || efficiency || idleSessions > 0 || serverPid != null || findMax
                || streams != null || duration != null || fast || staggerMs > 0)) {
            throw usage("--first-words decodes each fixture once with the engine alone, as fast as it can: it takes only"
                    + " --model, --fixtures, --endpointing and --json");
        }
        if (telephony && wire != null && wire != WireFormat.MULAW_8K) {
            throw usage("--telephony is --wire mulaw-8k: it cannot go with --wire " + wire.optionValue());
        }
        WireFormat wireFormat = telephony ? WireFormat.MULAW_8K : wire != null ? wire : WireFormat.LINEAR16_16K;
        if ((telephony || wire != null) && (engineOnly || firstWords || efficiency)) {
            throw usage((telephony ? "--telephony" : "--wire") + " is how a client sends audio to a server: the"
                    + " engine-only, first-words and efficiency runs feed the engine the fixtures' own PCM");
        }
        if (accuracy && (engineOnly || firstWords || efficiency || findMax || idleSessions > 0 || postFiles != null
                || duration != null)) {
            throw usage("--accuracy compares the engine alone with a server (--spawn or --url) on whole fixtures: it"
                    + " cannot go with --engine-only, --first-words, --efficiency, --find-max, --idle, --post-files or"
                    + " --duration");
        }
        if (wireFormat.raw() == null && !accuracy) {
            throw usage("--wire " + wireFormat.optionValue() + " is sent by --accuracy only; the load steps send raw"
                    + " PCM (linear16-16k, linear16-8k, mulaw-8k)");
        }
        if (efficiency && (urlGiven || idleSessions > 0 || serverPid != null)) {
            throw usage("--efficiency spawns its own server after the engine-only baseline: drop --url, --server-pid and --idle");
        }
        if (idleSessions < 0 || (idleSessions > 0 && findMax)) {
            throw usage("--idle takes a positive number of sessions, and is a run of its own (not with --find-max)");
        }
        if (idleRate < 0) {
            throw usage("--idle-rate must not be negative");
        }
        if (idleSessions > 0 && streams != null && streams.size() != 1) {
            throw usage("with --idle, --streams takes one number: the active streams to run while the sessions idle");
        }
        if (serverPid != null && spawn) {
            throw usage("--server-pid is for --url: with --spawn the bench measures its own process");
        }
        if (serverPid != null && !new ResourceGauge.OtherProcess(serverPid).exists()) {
            throw usage("--server-pid " + serverPid + ": no such process in /proc");
        }
        if (streams != null && (streams.isEmpty() || streams.stream().anyMatch(n -> n == null || n < 1))) {
            throw usage("--streams takes positive numbers, e.g. 1,2,4,8");
        }
        if (rampStep < 1 || rampLimit < rampStep || lagBoundMs < 1 || staggerMs < 0 || endpointingMs < 0
                || (duration != null && duration.isZero()) || idleHold.isZero()) {
            throw usage("--ramp-step, --ramp-limit (at least the step), --lag-bound, --duration and --idle-hold must be"
                    + " positive; --stagger and --endpointing not negative");
        }
        if (decodeThreads != null && decodeThreads < 1) {
            throw usage("--decode-threads must be positive");
        }
        if (postFiles != null && (engineOnly || firstWords || efficiency || idleSessions > 0 || postClients < 1)) {
            throw usage("--post-files posts beside the live streams of a server (--spawn or --url), with at least one"
                    + " --post-clients");
        }
        if (warmUp != null && (warmUp < 0 || !(spawn || efficiency))) {
            throw usage("--warm-up is for the server --spawn or --efficiency starts, and must not be negative");
        }
        for (Map.Entry<String, Path> dir : directoryOptions().entrySet()) {
            if (!Files.isDirectory(dir.getValue())) {
                throw usage(dir.getKey() + " " + dir.getValue() + ": " + (Files.exists(dir.getValue())
                        ? "not a directory" : "no such directory"));
            }
        }
        boolean ownServer = spawn || engineOnly || efficiency || firstWords;
        return new BenchSettings(url, ownServer ? null : apiKey(), spawn || efficiency, model, serverPid, decodeThreads,
                warmUp, streams, findMax || efficiency, rampStep, rampLimit, Duration.ofMillis(lagBoundMs), duration,
                fast, Duration.ofMillis(staggerMs), endpointingMs, engineOnly, firstWords, efficiency, idleSessions,
                idleRate, idleHold, json, plot, fixtures, wireFormat, accuracy, postFiles, postClients);
    }

    /** The options naming a directory to read, as given; a typo there is a usage error, not a stack trace. */
    private Map<String, Path> directoryOptions() {
        Map<String, Path> dirs = new java.util.LinkedHashMap<>();
        dirs.put("--fixtures", fixtures);
        dirs.put("--post-files", postFiles);
        dirs.put("--model", model);
        dirs.values().removeIf(java.util.Objects::isNull);
        return dirs;
    }

    /** --key, else $EARSHOT_API_KEY, else the key 'earshot serve' stored for local commands. */
    private String apiKey() {
        if (key != null && !key.isBlank()) {
            return key;
        }
        String fromEnvironment = environment.get("EARSHOT_API_KEY");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return LocalApiKey.findQuietly().orElseThrow(() -> usage("no API key for " + url + ": pass --key KEY, set"
                + " EARSHOT_API_KEY, or run 'earshot serve' once on this machine (it stores one at " + LocalApiKey.file()
                + "); or use --spawn"));
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    /** linear16-16k, linear16-8k, mulaw-8k, ogg-opus. */
    static final class WireFormatConverter implements CommandLine.ITypeConverter<WireFormat> {
        @Override
        public WireFormat convert(String value) {
            try {
                return WireFormat.named(value);
            } catch (IllegalArgumentException unknown) {
                throw new CommandLine.TypeConversionException(unknown.getMessage());
            }
        }
    }

    /** 500ms, 4s, 1.5s, 2m, 1h; a bare number is seconds. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORMAT = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");

        @Override
        public Duration convert(String value) {
            Matcher matcher = FORMAT.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!matcher.matches()) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a duration: use e.g. 500ms, 4s, 2m");
            }
            double amount = Double.parseDouble(matcher.group(1));
            String unit = matcher.group(2) == null ? "s" : matcher.group(2);
            double millis = switch (unit) {
                case "ms" -> amount;
                case "m" -> amount * 60_000;
                case "h" -> amount * 3_600_000;
                default -> amount * 1000;
            };
            return Duration.ofMillis(Math.round(millis));
        }
    }
}
