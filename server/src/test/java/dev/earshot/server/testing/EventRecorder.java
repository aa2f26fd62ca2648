package dev.earshot.server.testing;

import dev.earshot.protocol.SchemaException;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessages;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A live stream seen from the client, over the JDK's WebSocket (as Helidon's conversation tests do):
 * records every text frame in order and the Close frame, and sends audio and control messages.
 */
public final class EventRecorder implements WebSocket.Listener {
    /** Close code, reason and when it arrived. */
    public record Close(int code, String reason) {
    }

    private final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
    private final List<String> history = new ArrayList<>();
    /** When each message of {@link #history} arrived (System.nanoTime), same order. */
    private final List<Long> arrivals = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Close> closed = new CompletableFuture<>();
    private WebSocket socket;

    public static EventRecorder connect(URI baseUri, String query, String apiKey) {
        return connect(baseUri, query, builder -> builder.header("Authorization", "Token " + apiKey));
    }

    public static EventRecorder connect(URI baseUri, String query,
                                        java.util.function.UnaryOperator<WebSocket.Builder> customize) {
        return connect(baseUri, "/v1/listen", query, customize);
    }

    /** A WebSocket to another path ({@code /v2/listen}); read its frames with {@link #nextText}. */
    public static EventRecorder connect(URI baseUri, String path, String query, String apiKey) {
        return connect(baseUri, path, query, builder -> builder.header("Authorization", "Token " + apiKey));
    }

    private static EventRecorder connect(URI baseUri, String path, String query,
                                         java.util.function.UnaryOperator<WebSocket.Builder> customize) {
        EventRecorder recorder = new EventRecorder();
        URI uri = URI.create("ws://" + baseUri.getHost() + ":" + baseUri.getPort() + path
                + (query == null || query.isEmpty() ? "" : "?" + query));
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        recorder.socket = customize.apply(builder).buildAsync(uri, recorder).join();
        return recorder;
    }

    public WebSocket socket() {
        return socket;
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
            synchronized (history) {
                history.add(text);
                arrivals.add(System.nanoTime());
            }
            texts.add(text);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
        texts.add("BINARY FRAME (the server must never send one)");
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(new Close(statusCode, reason));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.completeExceptionally(error);
    }

    /** Sends audio in chunks of {@code chunkBytes}, as fast as the socket takes them. */
    public synchronized EventRecorder sendAudio(byte[] audio, int chunkBytes) {
        for (int offset = 0; offset < audio.length; offset += chunkBytes) {
            int length = Math.min(chunkBytes, audio.length - offset);
            socket.sendBinary(ByteBuffer.wrap(audio, offset, length), true).join();
        }
        return this;
    }

    /** Sends audio until the server closes the stream, which a refusal of the audio does mid-way. */
    public EventRecorder sendAudioUntilClosed(byte[] audio, int chunkBytes) {
        try {
            sendAudio(audio, chunkBytes);
        } catch (java.util.concurrent.CompletionException closedUnderUs) {
            awaitClose(java.time.Duration.ofSeconds(10));
        }
        return this;
    }

    /** Synchronized like the other sends: the JDK WebSocket refuses a send while one is pending. */
    public synchronized EventRecorder sendText(String text) {
        socket.sendText(text, true).join();
        return this;
    }

    public EventRecorder closeStream() {
        return sendText("{\"type\":\"CloseStream\"}");
    }

    /** The next text frame, parsed; fails the test after {@code timeout}. */
    public ServerMessage next(Duration timeout) {
        String text = nextText(timeout);
        try {
            return ServerMessages.parse(text);
        } catch (SchemaException e) {
            throw new AssertionError("unparseable server message: " + text, e);
        }
    }

    public String nextText(Duration timeout) {
        try {
            String text = texts.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (text == null) {
                throw new AssertionError("no message within " + timeout + "; so far: " + historySnapshot()
                        + "; closed: " + closed.getNow(null));
            }
            return text;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Reads messages until one matches, returning every message read (the match last). */
    public List<ServerMessage> until(Predicate<ServerMessage> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ServerMessage> read = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            ServerMessage message = next(Duration.ofNanos(Math.max(1, left)));
            read.add(message);
            if (match.test(message)) {
                return read;
            }
        }
    }

    /** Every message until the server's Close frame, then the Close. */
    public List<ServerMessage> drainUntilClosed(Duration timeout) {
        awaitClose(timeout);
        List<ServerMessage> rest = new ArrayList<>();
        String text;
        while ((text = texts.poll()) != null) {
            try {
                rest.add(ServerMessages.parse(text));
            } catch (SchemaException e) {
                throw new AssertionError("unparseable server message: " + text, e);
            }
        }
        return rest;
    }

    public Close awaitClose(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("no Close frame within " + timeout + "; messages: " + historySnapshot(), e);
        }
    }

    /** The Close frame if one arrives within {@code timeout}, else null: for asserting that a stream stays open. */
    public Close awaitCloseOrTimeout(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stillOpen) {
            return null;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    /** When the first message matching {@code match} arrived (System.nanoTime), or -1. */
    public long arrivalOf(Predicate<ServerMessage> match) {
        synchronized (history) {
            for (int i = 0; i < history.size(); i++) {
                try {
                    if (match.test(ServerMessages.parse(history.get(i)))) {
                        return arrivals.get(i);
                    }
                } catch (SchemaException e) {
                    // not a message we know: skip
                }
            }
        }
        return -1;
    }

    public List<String> historySnapshot() {
        synchronized (history) {
            return List.copyOf(history);
        }
    }

    /** Drops the TCP connection without a Close frame: a client that vanishes. */
    public void abort() {
        socket.abort();
    }
}
