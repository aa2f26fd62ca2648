package dev.earshot.client.cli;

import dev.earshot.client.HandshakeException;
import dev.earshot.client.LiveClient;
import dev.earshot.client.LiveConnection;
import dev.earshot.client.LiveListener;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.LocalApiKey;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code earshot stream FILE}: streams a WAV file (or raw audio with {@code --encoding}) to /v1/listen in
 * 100 ms frames, at real time unless {@code --fast}, and prints each final transcript on its own line.
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
        description = "Stream an audio file to /v1/listen and print the final transcripts.")
final class StreamCommand implements Callable<Integer> {
    /** Deepgram recommends 20–250 ms per frame; 100 ms is in the middle. */
    private static final int FRAME_MILLIS = 100;

    @Parameters(paramLabel = "FILE", description = "A WAV file, or raw audio with --encoding and --sample-rate.")
    Path file;
    @Option(names = "--url", defaultValue = "${env:EARSHOT_URL:-http://127.0.0.1:8080}", description = "Server base URL (default ${DEFAULT-VALUE}).")
    URI url;
    @Option(names = "--key", description = "API key (default: EARSHOT_API_KEY, else the key saved by 'earshot serve').")
    String key;
    @Option(names = "--encoding", description = "Raw audio encoding, e.g. linear16 or mulaw.")
    String encoding;
    @Option(names = "--sample-rate", description = "Sample rate of raw audio in Hz.")
    Integer sampleRate;
    @Option(names = "--channels", defaultValue = "1", description = "Channels of raw audio (default ${DEFAULT-VALUE}).")
    int channels;
    @Option(names = "--fast", description = "Send as fast as the server takes it instead of at real time.")
    boolean fast;
    @Option(names = "--query", description = "Extra query parameters, e.g. 'punctuate=true&interim_results=true'.")
    String extraQuery;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String apiKey = key != null ? key : Optional.ofNullable(System.getenv("EARSHOT_API_KEY"))
                .filter(k -> !k.isBlank()).or(LocalApiKey::findQuietly).orElse(null);
        if (apiKey == null) {
            err.println("earshot: no API key: pass --key, set EARSHOT_API_KEY, or run 'earshot serve' once to create "
                    + LocalApiKey.file());
            return 2;
        }
        byte[] audio = Files.readAllBytes(file);
        StringBuilder query = new StringBuilder();
        if (encoding != null) {
            if (sampleRate == null) {
                err.println("earshot: --encoding needs --sample-rate");
                return 2;
            }
            query.append("encoding=").append(encoding).append("&sample_rate=").append(sampleRate);
            if (channels > 1) {
                query.append("&channels=").append(channels);
            }
        }
        long bytesPerSecond = bytesPerSecond(audio);
        if (bytesPerSecond <= 0 && !fast) {
            err.println("earshot: real-time pacing needs WAV or raw PCM/G.711 audio; sending as fast as the server takes it");
        }
        if (extraQuery != null && !extraQuery.isBlank()) {
            query.append(query.length() > 0 ? "&" : "").append(extraQuery);
        }
        LiveConnection connection;
        try {
            connection = LiveClient.connect(url, apiKey, query.toString(), new Printer(out, err));
        } catch (HandshakeException refused) {
            err.println("earshot: the server refused the stream: " + refused.getMessage());
            return 3;
        } catch (java.io.IOException network) {
            err.println("earshot: " + network.getMessage());
            return 5;
        }
        int frameBytes = bytesPerSecond > 0 ? (int) Math.max(1, bytesPerSecond * FRAME_MILLIS / 1000) : 4096;
        long started = System.nanoTime();
        for (int offset = 0, frame = 0; offset < audio.length; offset += frameBytes, frame++) {
            if (!fast && bytesPerSecond > 0) {
                long due = started + TimeUnit.MILLISECONDS.toNanos((long) frame * FRAME_MILLIS);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            if (connection.closed().isDone()) {
                break;
            }
            connection.sendAudio(audio, offset, Math.min(frameBytes, audio.length - offset));
        }
        CloseReason close = connection.closed().isDone() ? connection.closed().get()
                : connection.closeStream().get(60, TimeUnit.SECONDS);
        if (close.code() != 1000) {
            err.println("earshot: the stream ended with " + close);
            return 4;
        }
        return 0;
    }

    /** Bytes per second of audio: from a WAV header, or from the raw encoding; 0 when neither says. */
    private long bytesPerSecond(byte[] audio) {
        if (encoding != null) {
            int bytesPerSample = switch (encoding) {
                case "linear16" -> 2;
                case "linear32" -> 4;
                case "mulaw", "alaw" -> 1;
                default -> 0;
            };
            return (long) bytesPerSample * sampleRate * channels;
        }
        if (audio.length >= 44 && new String(audio, 0, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("RIFF")
                && new String(audio, 8, 4, java.nio.charset.StandardCharsets.US_ASCII).equals("WAVE")) {
            for (int chunk = 12; chunk + 8 <= audio.length; ) {
                String id = new String(audio, chunk, 4, java.nio.charset.StandardCharsets.US_ASCII);
                long size = java.nio.ByteBuffer.wrap(audio, chunk + 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                        .getInt() & 0xFFFFFFFFL;
                if (id.equals("fmt ") && chunk + 16 <= audio.length) {
                    return java.nio.ByteBuffer.wrap(audio, chunk + 16, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                            .getInt() & 0xFFFFFFFFL;
                }
                chunk += 8 + size + (size & 1);
            }
        }
        return 0;
    }

    /** Prints each final transcript on its own line, and the request id first on stderr. */
    private static final class Printer implements LiveListener {
        private final PrintWriter out;
        private final PrintWriter err;
        private boolean requestIdShown;

        Printer(PrintWriter out, PrintWriter err) {
            this.out = out;
            this.err = err;
        }

        @Override
        public void onMessage(ServerMessage message) {
            if (message instanceof ResultsMessage results) {
                showRequestId(results.metadata().requestId());
                String transcript = results.alternative().transcript();
                if (results.isFinal() && !transcript.isEmpty()) {
                    out.println(transcript);
                    out.flush();
                }
            } else if (message instanceof MetadataMessage metadata) {
                showRequestId(metadata.requestId());
            }
        }

        private void showRequestId(String requestId) {
            if (!requestIdShown) {
                requestIdShown = true;
                err.println("request id: " + requestId);
                err.flush();
            }
        }
    }
}
