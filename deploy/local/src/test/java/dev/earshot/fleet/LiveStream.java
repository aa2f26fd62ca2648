package dev.earshot.fleet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/** A live stream as a client sees it: every message the server sent, in order, and its Close frame. */
final class LiveStream implements WebSocket.Listener {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Written by the JDK's listener thread only; read by the test. */
    private final List<JsonNode> messages = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private volatile String closeReason;
    private WebSocket socket;

    static LiveStream open(URI base, String apiKey) {
        LiveStream stream = new LiveStream();
        stream.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .header("Authorization", "Token " + apiKey)
                .buildAsync(URI.create("ws://" + base.getAuthority() + "/v1/listen"), stream)
                .orTimeout(20, TimeUnit.SECONDS).join();
        return stream;
    }

    @Override
    public void onOpen(WebSocket webSocket) {
        webSocket.request(1);
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                messages.add(JSON.readTree(partial.toString()));
            } catch (java.io.IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public java.util.concurrent.CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    /** Sends a WAV file (the server sniffs its header) in 100 ms chunks of 16 kHz linear16, as fast as it goes. */
    synchronized LiveStream sendAudio(byte[] wav) {
        for (int offset = 0; offset < wav.length; offset += 3200) {
            socket.sendBinary(ByteBuffer.wrap(wav, offset, Math.min(3200, wav.length - offset)), true).join();
        }
        return this;
    }

    synchronized LiveStream sendText(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    /** The Close frame's code; fails after {@code timeout}. */
    int awaitClose(Duration timeout) throws Exception {
        try {
            return closeCode.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no Close frame within " + timeout + "; messages: " + messages, e);
        }
    }

    String closeReason() {
        return closeReason;
    }

    boolean closed() {
        return closeCode.isDone();
    }

    /** The audio time (s) the latest Results reached, or 0. */
    double audioReached() {
        return messages.stream().filter(m -> m.path("type").asText().equals("Results"))
                .mapToDouble(m -> m.path("start").asDouble() + m.path("duration").asDouble()).max().orElse(0);
    }

    /** The final transcripts, joined by spaces. */
    String finalText() {
        return messages.stream().filter(m -> m.path("type").asText().equals("Results") && m.path("is_final").asBoolean())
                .map(m -> m.path("channel").path("alternatives").path(0).path("transcript").asText())
                .filter(text -> !text.isBlank()).collect(Collectors.joining(" "));
    }

    @Override
    public String toString() {
        return messages + (closed() ? " closed " + closeCode.join() + " " + closeReason : "");
    }

    List<String> types() {
        return messages.stream().map(m -> m.path("type").asText()).distinct().toList();
    }
}
