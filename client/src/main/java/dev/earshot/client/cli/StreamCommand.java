package dev.earshot.client.cli;

import dev.earshot.client.FailureHints;
import dev.earshot.client.HandshakeException;
import dev.earshot.client.LiveClient;
import dev.earshot.client.LiveConnection;
import dev.earshot.client.ServerQuietException;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.LocalApiKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code earshot stream FILE|-|--mic}: streams audio to /v1/listen and prints what comes back
 * ({@link TranscriptPrinter}). On failure it says what happened in one line (status or close code, reason,
 * request id) and one hint, and exits with an {@link ExitCode}.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Stream audio (a file, - for stdin, or --mic) to /v1/listen and print the transcripts.")
final class StreamCommand implements Callable<Integer> {
    /**
     * After CloseStream, how long the server may send nothing before the client gives up on its close. Not a
     * limit on the whole wait: a file sent with --fast can leave minutes of audio to transcribe, and each
     * Results shows the server is at it. Three times the server's own engine timeout (10 s, NET-0000), so a
     * stalled engine is reported by the server's close, and a final that takes long to decode still arrives.
     */
    static final String QUIET_LIMIT = "30s";

    @Parameters(paramLabel = "FILE", arity = "0..1", description = "Audio file, or - for standard input.")
    String file;
    @Option(names = "--mic", description = "Stream the microphone (16 kHz mono) instead of a file.")
    boolean mic;
    @Option(names = "--seconds", defaultValue = "0", description = "With --mic: stop after this long (0: until Ctrl-C).")
    int seconds;
    @Option(names = "--url", defaultValue = "${env:EARSHOT_URL:-http://127.0.0.1:8080}", description = "Server base URL (default ${DEFAULT-VALUE}).")
    URI url;
    @Option(names = "--key", description = "API key (default: EARSHOT_API_KEY, else the key 'earshot serve' stored).")
    String key;
    @Option(names = "--encoding", description = "Raw audio encoding (linear16, mulaw, ...); omit for WAV and other containers.")
    String encoding;
    @Option(names = "--sample-rate", description = "Sample rate of raw audio in Hz.")
    Integer sampleRate;
    @Option(names = "--channels", defaultValue = "1", description = "Channels of raw audio (default ${DEFAULT-VALUE}).")
    int channels;
    @Option(names = "--fast", description = "Send as fast as the server takes it instead of at real time.")
    boolean fast;
    @Option(names = "--json", description = "Print every server message as JSON, one per line.")
    boolean json;
    @Option(names = "--query", description = "More query parameters, e.g. 'punctuate=true&smart_format=true'.")
    String extraQuery;
    @Option(names = "--quiet-limit", defaultValue = QUIET_LIMIT, converter = DurationConverter.class,
            description = "After CloseStream, wait while the server sends; give up when it sends nothing this long "
                    + "(default ${DEFAULT-VALUE}).")
    Duration quietLimit;

    @Spec
    CommandSpec spec;

    private final Terminal terminal;
    private final InputStream stdin;

    StreamCommand(Terminal terminal, InputStream stdin) {
        this.terminal = terminal;
        this.stdin = stdin;
    }

    /** Whether stdout is a terminal: decided by the entry point, so tests can say either. */
    interface Terminal {
        boolean isInteractive();
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Optional<String> mistake = usageMistake();
        if (mistake.isPresent()) {
            err.println(mistake.get());
            return ExitCode.USAGE.code();
        }
        Optional<String> apiKey = ApiKeys.resolve(key);
        if (apiKey.isEmpty()) {
            err.println("earshot: no API key: pass --key, set EARSHOT_API_KEY, or run 'earshot serve' once to create "
                    + LocalApiKey.file());
            return ExitCode.USAGE.code();
        }
        AudioInput input;
        try {
            input = input(err);
        } catch (LineUnavailableException noMicrophone) {
            err.println("earshot: no microphone: " + noMicrophone.getMessage());
            return ExitCode.USAGE.code();
        }
        TranscriptPrinter.Mode mode = json ? TranscriptPrinter.Mode.JSON
                : terminal.isInteractive() ? TranscriptPrinter.Mode.TERMINAL : TranscriptPrinter.Mode.FINALS;
        return stream(apiKey.get(), query(mode), input, new TranscriptPrinter(out, err, mode), err).code();
    }

    /** The first thing wrong with the arguments, as the line to print; empty when there is none. */
    private Optional<String> usageMistake() {
        if ((file == null) == !mic) {
            return Optional.of("earshot: give a FILE, - for standard input, or --mic");
        }
        if (quietLimit.isZero() || quietLimit.isNegative()) {
            return Optional.of("earshot: --quiet-limit must be longer than 0");
        }
        if (encoding != null && sampleRate == null) {
            return Optional.of("earshot: --encoding needs --sample-rate");
        }
        return file == null || file.equals("-") ? Optional.empty() : InputFile.problem(Path.of(file));
    }

    private AudioInput input(PrintWriter err) throws IOException, LineUnavailableException {
        if (mic) {
            TargetDataLine line = AudioInput.openMicrophone();
            encoding = "linear16";
            sampleRate = 16_000;
            channels = 1;
            return AudioInput.microphone(line, seconds);
        }
        if (file.equals("-")) {
            return AudioInput.stream(stdin);
        }
        byte[] audio = Files.readAllBytes(Path.of(file));
        long byteRate = encoding != null ? AudioInput.rawByteRate(encoding, sampleRate, channels)
                : AudioInput.wavByteRate(audio);
        if (byteRate <= 0 && !fast) {
            err.println("earshot: real-time pacing needs WAV or raw PCM/G.711 audio; sending as fast as the server takes it");
        }
        return AudioInput.file(audio, byteRate, !fast);
    }

    private String query(TranscriptPrinter.Mode mode) {
        StringBuilder query = new StringBuilder();
        if (encoding != null) {
            query.append("encoding=").append(encoding).append("&sample_rate=").append(sampleRate);
            if (channels > 1) {
                query.append("&channels=").append(channels);
            }
        }
        if (mode != TranscriptPrinter.Mode.FINALS) {
            query.append(query.length() > 0 ? "&" : "").append("interim_results=true");
        }
        if (extraQuery != null && !extraQuery.isBlank()) {
            query.append(query.length() > 0 ? "&" : "").append(extraQuery);
        }
        return query.toString();
    }

    private ExitCode stream(String apiKey, String query, AudioInput input, TranscriptPrinter printer, PrintWriter err)
            throws InterruptedException {
        try (LiveClient client = LiveClient.builder(url, apiKey).build();
             LiveConnection connection = client.connect(query, printer)) {
            input.pump((frame, length) -> {
                connection.sendAudio(frame, 0, length);
                return !connection.closed().isDone();
            });
            if (!connection.closed().isDone()) {
                connection.closeStream();
            }
            CloseReason close = connection.awaitClose(quietLimit);
            if (close.code() == 1000) {
                return ExitCode.OK;
            }
            err.println("earshot: the stream was closed with " + close.code() + " " + close.reason()
                    + " (request id " + printer.requestId() + ")");
            err.println("hint: " + FailureHints.forClose(close));
            return ExitCode.CLOSED_WITH_ERROR;
        } catch (HandshakeException refused) {
            err.println("request id: " + refused.requestId());
            err.println("earshot: the server refused the stream: HTTP " + refused.status()
                    + (refused.dgError() == null ? "" : ", dg-error: " + refused.dgError()));
            if (!refused.body().isBlank()) {
                err.println("body: " + refused.body().strip());
            }
            err.println("hint: " + FailureHints.forStatus(refused.status()));
            return ExitCode.REFUSED;
        } catch (ServerQuietException quiet) {
            err.println("earshot: timed out waiting for the server (no message for "
                    + ServerQuietException.inWords(quiet.quietLimit()) + " after CloseStream)"
                    + (printer.requestId() == null ? "" : " (request id " + printer.requestId() + ")"));
            err.println("hint: the server may be overloaded or its engine stuck: see its log for this request id, "
                    + "or raise --quiet-limit");
            return ExitCode.SERVER_QUIET;
        } catch (IOException | ExecutionException | CompletionException network) {
            Throwable cause = network.getCause() != null ? network.getCause() : network;
            err.println("earshot: " + (network instanceof IOException ? network.getMessage()
                    : "the connection broke: " + cause) + (printer.requestId() == null ? ""
                    : " (request id " + printer.requestId() + ")"));
            err.println("hint: " + FailureHints.forNetwork());
            return ExitCode.NETWORK;
        }
    }
}
