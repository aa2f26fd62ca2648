package dev.earshot.client;

import dev.earshot.protocol.ClientMessage;
import dev.earshot.protocol.ClientMessages;
import dev.earshot.protocol.CloseReason;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open live stream. Thread-safe: sends are serialised (the JDK WebSocket allows one outstanding send).
 *
 * <p>It never sends an empty binary frame, which Deepgram takes for the end of the stream; during pauses in
 * the audio it sends {@code KeepAlive} every {@code keepAliveInterval}, so the stream outlives the server's
 * idle timeout (NET-0001); {@link #closeStream()} finishes with {@code CloseStream} and waits for the
 * server's Metadata and close.
 */
public final class LiveConnection implements AutoCloseable {
    private final WebSocket socket;
    private final CompletableFuture<CloseReason> closed;
    /** Written by the WebSocket's listener on every frame it receives. */
    private final AtomicLong lastReceivedNanos;
    private final ScheduledFuture<?> keepAlives;
    /** Guarded by this. */
    private long lastSentNanos = System.nanoTime();
    private boolean audioStarted;

    LiveConnection(WebSocket socket, CompletableFuture<CloseReason> closed, AtomicLong lastReceivedNanos,
                   ScheduledExecutorService scheduler, Duration keepAliveInterval) {
        this.socket = socket;
        this.closed = closed;
        this.lastReceivedNanos = lastReceivedNanos;
        long every = keepAliveInterval.toNanos();
        this.keepAlives = every <= 0 ? null : scheduler.scheduleWithFixedDelay(() -> keepAliveIfQuiet(every),
                every, Math.max(every / 4, 1), TimeUnit.NANOSECONDS);
        closed.whenComplete((reason, failure) -> stopKeepAlives());
    }

    /** Sends audio; an empty chunk is skipped, never sent (to Deepgram it would mean: end of stream). */
    public synchronized void sendAudio(byte[] audio, int offset, int length) {
        if (length <= 0 || closed.isDone()) {
            return;
        }
        socket.sendBinary(ByteBuffer.wrap(audio, offset, length), true).join();
        lastSentNanos = System.nanoTime();
        audioStarted = true;
    }

    public void sendAudio(byte[] audio) {
        sendAudio(audio, 0, audio.length);
    }

    public synchronized void send(ClientMessage message) {
        if (closed.isDone()) {
            return;
        }
        socket.sendText(ClientMessages.toJson(message), true).join();
        lastSentNanos = System.nanoTime();
    }

    /** Asks for final Results now, for every channel or one; the stream goes on. */
    public void finalizeNow(OptionalInt channel) {
        send(new ClientMessage.Finalize(channel));
    }

    /**
     * Sends {@code CloseStream}: the server flushes its Results, then Metadata, then closes.
     *
     * @return completes with the server's close
     */
    public CompletableFuture<CloseReason> closeStream() {
        send(new ClientMessage.CloseStream());
        return closed;
    }

    /**
     * Waits for the server's close for as long as the server keeps sending. After CloseStream a server may
     * still be transcribing a backlog (a long file sent faster than real time) for minutes, and every message
     * shows it is working; only a server that sends nothing for {@code quietLimit}, counted from this call or
     * its last message, whichever is later, is given up on.
     *
     * @throws ServerQuietException nothing arrived for {@code quietLimit}; the connection is left open
     * @throws ExecutionException   the connection broke without a Close frame
     */
    public CloseReason awaitClose(Duration quietLimit) throws InterruptedException, ExecutionException,
            ServerQuietException {
        long waitStarted = System.nanoTime();
        while (true) {
            long quietFor = System.nanoTime() - Math.max(waitStarted, lastReceivedNanos.get());
            long left = quietLimit.toNanos() - quietFor;
            if (left <= 0) {
                throw new ServerQuietException(quietLimit);
            }
            try {
                return closed.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException maybeStillWorking) {
                // Loop: a message that arrived meanwhile moved the deadline on.
            }
        }
    }

    /** Completes when the server's Close frame arrives; fails if the connection breaks without one. */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }

    /** Drops the connection without a Close frame. */
    public void abort() {
        stopKeepAlives();
        socket.abort();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            abort();
        }
    }

    /**
     * KeepAlive only keeps a stream alive once audio has flowed (live-api.md §5), and only when nothing else
     * went out for a whole interval.
     */
    private synchronized void keepAliveIfQuiet(long everyNanos) {
        if (audioStarted && !closed.isDone() && System.nanoTime() - lastSentNanos >= everyNanos) {
            try {
                socket.sendText(ClientMessages.toJson(new ClientMessage.KeepAlive()), true).join();
                lastSentNanos = System.nanoTime();
            } catch (RuntimeException closing) {
                // The stream is ending; the close listener reports it.
            }
        }
    }

    private void stopKeepAlives() {
        if (keepAlives != null) {
            keepAlives.cancel(false);
        }
    }
}
