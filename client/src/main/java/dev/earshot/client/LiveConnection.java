package dev.earshot.client;

import dev.earshot.protocol.ClientMessage;
import dev.earshot.protocol.ClientMessages;
import dev.earshot.protocol.CloseReason;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * An open live stream. Sends are serialised (the JDK WebSocket allows one outstanding send). It never
 * sends an empty binary frame: to Deepgram that means end of stream.
 */
public final class LiveConnection {
    private final WebSocket socket;
    private final CompletableFuture<CloseReason> closed;

    LiveConnection(WebSocket socket, CompletableFuture<CloseReason> closed) {
        this.socket = socket;
        this.closed = closed;
    }

    /** Sends audio; an empty chunk is skipped, never sent. */
    public synchronized void sendAudio(byte[] audio, int offset, int length) {
        if (length > 0) {
            socket.sendBinary(ByteBuffer.wrap(audio, offset, length), true).join();
        }
    }

    public synchronized void send(ClientMessage message) {
        socket.sendText(ClientMessages.toJson(message), true).join();
    }

    /** Sends CloseStream; the server flushes, sends Metadata and closes. */
    public CompletableFuture<CloseReason> closeStream() {
        send(new ClientMessage.CloseStream());
        return closed;
    }

    /** Completes when the server's Close frame arrives. */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }
}
