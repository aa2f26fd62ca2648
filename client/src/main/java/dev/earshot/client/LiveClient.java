package dev.earshot.client;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.SchemaException;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.ServerMessage.UtteranceEndMessage;
import dev.earshot.protocol.ServerMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens live streams on {@code /v1/listen} of Earshot or, unchanged, any Deepgram-compatible endpoint, on
 * java.net.http. One client serves many connections; close it to stop its KeepAlive timer.
 *
 * <pre>{@code
 * try (LiveClient client = LiveClient.builder(URI.create("http://127.0.0.1:8080"), key).build();
 *      LiveConnection stream = client.connect(ListenOptionsParser.parse("encoding=linear16&sample_rate=16000"),
 *              new LiveListener() { ... })) {
 *     stream.sendAudio(chunk);
 *     stream.closeStream().join();
 * }
 * }</pre>
 */
public final class LiveClient implements AutoCloseable {
    private final URI baseUrl;
    private final String apiKey;
    private final Duration keepAliveInterval;
    private final Duration connectTimeout;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;

    private LiveClient(Builder builder) {
        this.baseUrl = builder.baseUrl;
        this.apiKey = builder.apiKey;
        this.keepAliveInterval = builder.keepAliveInterval;
        this.connectTimeout = builder.connectTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "earshot-client-keepalive");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * @param baseUrl {@code http://host:port}, {@code ws://host:port} (or https/wss)
     * @param apiKey  sent as {@code Authorization: Token <key>}
     */
    public static Builder builder(URI baseUrl, String apiKey) {
        return new Builder(baseUrl, apiKey);
    }

    public static final class Builder {
        private final URI baseUrl;
        private final String apiKey;
        /** Deepgram's advice is a KeepAlive every 3–5 s of silence; the idle timeout is 10 s. */
        private Duration keepAliveInterval = Duration.ofSeconds(5);
        private Duration connectTimeout = Duration.ofSeconds(10);

        private Builder(URI baseUrl, String apiKey) {
            this.baseUrl = baseUrl;
            this.apiKey = apiKey;
        }

        /** KeepAlive after this long without anything sent; {@code Duration.ZERO} turns it off. */
        public Builder keepAliveInterval(Duration interval) {
            this.keepAliveInterval = interval;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public LiveClient build() {
            return new LiveClient(this);
        }
    }

    /** Opens a stream with these options. */
    public LiveConnection connect(ListenOptions options, LiveListener listener) throws HandshakeException, IOException {
        return connect(options.toQueryString(), listener);
    }

    /**
     * Opens a stream with a raw query string (without {@code ?}).
     *
     * @throws HandshakeException the server refused the upgrade; it carries the status and request id
     * @throws IOException        the server could not be reached
     */
    public LiveConnection connect(String query, LiveListener listener) throws HandshakeException, IOException {
        URI uri = listenUri(baseUrl, query);
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        AtomicLong lastReceivedNanos = new AtomicLong(System.nanoTime());
        try {
            WebSocket socket = http.newWebSocketBuilder()
                    .connectTimeout(connectTimeout)
                    .header("Authorization", "Token " + apiKey)
                    .buildAsync(uri, new Adapter(listener, closed, lastReceivedNanos)).join();
            return new LiveConnection(socket, closed, lastReceivedNanos, scheduler, keepAliveInterval);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                HttpResponse<?> response = refused.getResponse();
                HttpHeaders headers = response.headers();
                // The JDK reads a refused upgrade's body as a String (checked on JDK 17 and 25).
                String body = response.body() instanceof String text ? text : null;
                throw new HandshakeException(response.statusCode(), headers.firstValue("dg-request-id").orElse(null),
                        headers.firstValue("dg-error").orElse(null), body);
            }
            if (e.getCause() instanceof IOException network) {
                throw new IOException("cannot connect to " + uri + ": " + network, network);
            }
            throw e;
        }
    }

    /** {@code ws(s)://host:port/v1/listen?query} for a base URL given as http(s) or ws(s). */
    public static URI listenUri(URI baseUrl, String query) {
        String scheme = baseUrl.getScheme();
        String ws = scheme.equalsIgnoreCase("https") || scheme.equalsIgnoreCase("wss") ? "wss" : "ws";
        return URI.create(ws + "://" + baseUrl.getRawAuthority() + "/v1/listen"
                + (query == null || query.isEmpty() ? "" : "?" + query));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** java.net.http's listener, turned into {@link LiveListener} calls. */
    private static final class Adapter implements WebSocket.Listener {
        private final LiveListener listener;
        private final CompletableFuture<CloseReason> closed;
        /** When a frame last arrived, for {@link LiveConnection#awaitClose}. */
        private final AtomicLong lastReceivedNanos;
        private final StringBuilder partial = new StringBuilder();

        Adapter(LiveListener listener, CompletableFuture<CloseReason> closed, AtomicLong lastReceivedNanos) {
            this.listener = listener;
            this.closed = closed;
            this.lastReceivedNanos = lastReceivedNanos;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastReceivedNanos.set(System.nanoTime());
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    dispatch(ServerMessages.parse(text));
                } catch (SchemaException unknown) {
                    // A message type this client does not know: skipped, as the official SDKs do.
                }
            }
            webSocket.request(1);
            return null;
        }

        private void dispatch(ServerMessage message) {
            listener.onMessage(message);
            if (message instanceof ResultsMessage results) {
                listener.onResults(results);
            } else if (message instanceof MetadataMessage metadata) {
                listener.onMetadata(metadata);
            } else if (message instanceof SpeechStartedMessage started) {
                listener.onSpeechStarted(started);
            } else if (message instanceof UtteranceEndMessage end) {
                listener.onUtteranceEnd(end);
            } else if (message instanceof ErrorMessage error) {
                listener.onError(error);
            }
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            lastReceivedNanos.set(System.nanoTime());
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            CloseReason close = CloseReason.received(statusCode, reason);
            listener.onClose(close);
            closed.complete(close);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            listener.onFailure(error);
            closed.completeExceptionally(error);
        }
    }
}
