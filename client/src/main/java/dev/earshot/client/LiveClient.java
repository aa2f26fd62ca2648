package dev.earshot.client;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.SchemaException;
import dev.earshot.protocol.ServerMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** Opens live streams on {@code /v1/listen} of Earshot or any Deepgram-compatible server, on java.net.http. */
public final class LiveClient {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** One client (and its selector thread) for every connection: HttpClient is thread-safe and meant to be shared. */
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private LiveClient() {
    }

    /**
     * Connects with {@code Authorization: Token <apiKey>}.
     *
     * @param baseUrl {@code http://host:port} or {@code ws://host:port}
     * @param query   the query string, without {@code ?} (e.g. {@code encoding=linear16&sample_rate=16000})
     */
    public static LiveConnection connect(URI baseUrl, String apiKey, String query, LiveListener listener)
            throws HandshakeException, IOException {
        String scheme = baseUrl.getScheme().startsWith("https") || baseUrl.getScheme().equals("wss") ? "wss" : "ws";
        URI uri = URI.create(scheme + "://" + baseUrl.getRawAuthority() + "/v1/listen"
                + (query == null || query.isEmpty() ? "" : "?" + query));
        CompletableFuture<CloseReason> closed = new CompletableFuture<>();
        Listener adapter = new Listener(listener, closed);
        try {
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .connectTimeout(CONNECT_TIMEOUT)
                    .header("Authorization", "Token " + apiKey)
                    .buildAsync(uri, adapter).join();
            return new LiveConnection(socket, closed);
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                HttpHeaders headers = refused.getResponse().headers();
                throw new HandshakeException(refused.getResponse().statusCode(),
                        headers.firstValue("dg-request-id").orElse(null), headers.firstValue("dg-error").orElse(null));
            }
            if (e.getCause() instanceof IOException network) {
                throw new IOException("cannot connect to " + uri + ": " + network, network);
            }
            throw e;
        }
    }

    private static final class Listener implements WebSocket.Listener {
        private final LiveListener listener;
        private final CompletableFuture<CloseReason> closed;
        private final StringBuilder partial = new StringBuilder();

        Listener(LiveListener listener, CompletableFuture<CloseReason> closed) {
            this.listener = listener;
            this.closed = closed;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    listener.onMessage(ServerMessages.parse(text));
                } catch (SchemaException unknown) {
                    // A message type this client does not know: skipped, as the official SDKs do.
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
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
