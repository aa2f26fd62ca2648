package dev.earshot.server.transport;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessages;
import dev.earshot.protocol.flux.FluxServerMessage;
import dev.earshot.protocol.flux.FluxServerMessages;
import dev.earshot.protocol.Utf8;
import dev.earshot.server.session.Outbox;
import dev.earshot.server.session.StreamInput;
import dev.earshot.server.session.turns.TurnOutbox;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Jetty side of one live stream: turns WebSocket events into {@link StreamInput} calls, and the
 * session's messages into frames ({@link Outbox}).
 *
 * <p>Demand is explicit: the next frame is read only after the session said it has room, which is how a
 * fast sender meets TCP backpressure instead of an error (live-api.md §6). Jetty calls the {@code on...}
 * methods one at a time for a connection, so the message-assembly fields need no lock.
 */
public final class SocketListener implements Session.Listener, Outbox, TurnOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(SocketListener.class);

    private final long maxFrameBytes;
    private final long maxQueuedBytes;
    /** Text handed to Jetty and not yet written to the socket, in bytes: what a client that stops reading costs. */
    private final AtomicLong queuedBytes = new AtomicLong();
    /** Set once the client is given up on: one log line and one disconnect, however many frames then fail. */
    private final AtomicBoolean givenUp = new AtomicBoolean();
    /** Set once, before the socket opens. */
    private StreamInput session;
    /** Null until the WebSocket has opened and the early queue is delivered; guarded by this. */
    private Session socket;
    /**
     * What the session sent before the socket opened (its watchdog runs from the handshake, so a socket that
     * never opens still times out and frees its place): delivered in order on open. Guarded by this.
     */
    private final List<Object> early = new ArrayList<>();

    private final int maxTextBytes;
    /** Size of the binary message being received, over its parts. Jetty I/O thread only. */
    private long binaryBytes;
    /** The parts so far of a binary message Jetty delivers in several; null between messages. */
    private ByteArrayOutputStream binaryParts;
    /** The text message being received; a fresh builder per message, so a big one is not kept. */
    private StringBuilder textParts = new StringBuilder();
    /** The UTF-8 size of {@link #textParts}: the limit is in bytes, as on the wire, not in characters. */
    private long textBytes;
    private boolean oversized;

    /** Counts this socket while it is open, so that shutdown waits for its Close frame to go out. */
    private final Admission admission;
    private final AtomicBoolean socketClosed = new AtomicBoolean();

    SocketListener(long maxFrameBytes, int maxTextBytes, long maxQueuedBytes) {
        this(maxFrameBytes, maxTextBytes, maxQueuedBytes, null);
    }

    SocketListener(long maxFrameBytes, int maxTextBytes, long maxQueuedBytes, Admission admission) {
        this.admission = admission;
        this.maxFrameBytes = maxFrameBytes;
        this.maxTextBytes = maxTextBytes;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    void attach(StreamInput input) {
        this.session = input;
    }

    @Override
    public void onWebSocketOpen(Session opened) {
        if (admission != null) {
            admission.socketOpened();
        }
        // Deliver what came early, in order, without holding the lock while Jetty works; anything sent
        // meanwhile joins the queue, and only an empty queue lets later sends go straight to the socket.
        while (true) {
            List<Object> batch;
            synchronized (this) {
                if (early.isEmpty()) {
                    socket = opened;
                    break;
                }
                batch = new ArrayList<>(early);
                early.clear();
            }
            batch.forEach(item -> deliver(opened, item));
        }
        opened.demand();
    }

    /**
     * Binary data, possibly one message in several parts: Jetty hands a message over as the network delivers
     * it, not only when it passes 64 KiB. The parts of one message are put together before it goes to the
     * session (a copy only when there were several): raw Opus and Speex packets are one per message, and one
     * decoded in two parts is two broken packets. Passed on part by part, FormatsTest's Speex packets decoded
     * to 14.00-14.10 s of audio, WER 0.167-0.286, from run to run. A message that passes the size limit ends
     * the stream with 1009 DATA-0001 at that point; a message of zero bytes is the legacy end-of-stream signal.
     */
    @Override
    public void onWebSocketPartialBinary(ByteBuffer payload, boolean fin, Callback callback) {
        int size = payload.remaining();
        binaryBytes += size;
        if (oversized || binaryBytes > maxFrameBytes) {
            callback.succeed();
            binaryParts = null;
            if (!oversized) {
                oversized = true;
                session.onFrameTooLarge(binaryBytes, maxFrameBytes, "binary");
            }
            return; // no more demand: the session is closing
        }
        byte[] bytes = new byte[size];
        payload.get(bytes);
        callback.succeed();
        if (!fin) {
            if (binaryParts == null) {
                binaryParts = new ByteArrayOutputStream();
            }
            binaryParts.writeBytes(bytes);
            openSocket().demand();
            return;
        }
        if (binaryParts != null) {
            binaryParts.writeBytes(bytes);
            bytes = binaryParts.toByteArray();
            binaryParts = null;
        }
        binaryBytes = 0;
        boolean more = true;
        if (bytes.length > 0) {
            more = session.onAudio(bytes);
        } else {
            session.onEndOfAudio();
        }
        if (more) {
            openSocket().demand();
        }
    }

    /** Control messages are small JSON; a text message past its own limit ends the stream like a huge frame. */
    @Override
    public void onWebSocketPartialText(String text, boolean fin) {
        if (oversized) {
            return;
        }
        textParts.append(text);
        textBytes += Utf8.length(text);
        if (textBytes > maxTextBytes) {
            oversized = true;
            session.onFrameTooLarge(textBytes, maxTextBytes, "text");
            textParts = new StringBuilder();
            return;
        }
        if (fin) {
            String message = textParts.toString();
            textParts = new StringBuilder();
            textBytes = 0;
            session.onText(message);
        }
        openSocket().demand();
    }

    @Override
    public void onWebSocketPing(ByteBuffer payload) {
        session.onPing();
        openSocket().sendPong(payload, Callback.NOOP);
        openSocket().demand();
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        openSocket().demand();
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        session.onTransportClosed(statusCode, reason);
        callback.succeed();
        socketGone();
    }

    private void socketGone() {
        if (admission != null && socketClosed.compareAndSet(false, true)) {
            admission.socketClosed();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        if (cause instanceof java.nio.channels.ClosedChannelException) {
            LOG.debug("[{}] connection closed: {}", session.requestId(), cause.toString());
        } else {
            LOG.info("[{}] connection error: {}", session.requestId(), cause.toString());
        }
        session.onTransportClosed(1006, cause.toString());
        socketGone();
    }

    @Override
    public void send(ServerMessage message) {
        deliverOrKeep(message);
    }

    @Override
    public void send(FluxServerMessage message, long sequenceId) {
        deliverOrKeep(new Numbered(message, sequenceId));
    }

    /** A Flux message and its place in the connection's sequence. */
    private record Numbered(FluxServerMessage message, long sequenceId) {
    }

    @Override
    public void close(CloseReason reason) {
        deliverOrKeep(reason);
    }

    /** Never calls Jetty under the lock: its callbacks may re-enter the session. */
    private void deliverOrKeep(Object item) {
        Session open;
        synchronized (this) {
            if (socket == null) {
                early.add(item);
                return;
            }
            open = socket;
        }
        deliver(open, item);
    }

    private void deliver(Session open, Object item) {
        if (item instanceof CloseReason reason) {
            open.close(reason.code(), reason.reason(), Callback.NOOP);
            return;
        }
        String json = item instanceof Numbered numbered
                ? FluxServerMessages.toJson(numbered.message(), numbered.sequenceId())
                : ServerMessages.toJson((ServerMessage) item);
        long size = Utf8.length(json);
        if (queuedBytes.addAndGet(size) > maxQueuedBytes) {
            queuedBytes.addAndGet(-size);
            giveUp("it left " + maxQueuedBytes + " bytes of Results unread");
            return;
        }
        open.sendText(json, Callback.from(() -> queuedBytes.addAndGet(-size), failure -> {
            queuedBytes.addAndGet(-size);
            giveUp("could not send to it: " + failure);
        }));
    }

    /** The client stopped reading, or is gone: nothing more can reach it. Once, whatever else then fails. */
    private void giveUp(String why) {
        if (!givenUp.compareAndSet(false, true)) {
            return;
        }
        LOG.info("[{}] disconnecting the client: {}", session.requestId(), why);
        Session open = openSocket();
        if (open != null) {
            open.disconnect();
        }
        session.onTransportClosed(1006, why);
    }

    @Override
    public void resumeReading() {
        Session open = openSocket();
        if (open != null && open.isOpen()) {
            open.demand();
        }
    }

    private synchronized Session openSocket() {
        return socket;
    }
}
