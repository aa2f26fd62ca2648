package dev.earshot.bench.accuracy;

import dev.earshot.bench.audio.WireClip;
import dev.earshot.bench.load.Pacing;
import dev.earshot.client.HandshakeException;
import dev.earshot.client.LiveClient;
import dev.earshot.client.LiveConnection;
import dev.earshot.client.LiveListener;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Each fixture as one live stream to the server: its wire chunks at real time (or as fast as the server reads
 * them), then CloseStream, then the final Results, Metadata and the close. The transcript is the final
 * Results' text, as a client would keep it.
 */
public final class ServerSessions implements SessionPlayer {
    /**
     * After CloseStream, the longest the server may send nothing before the session counts as failed. A server
     * given minutes of audio at once may need tens of seconds more to decode it, but it sends Results all the
     * while; each message restarts this wait.
     */
    static final Duration QUIET_LIMIT = Duration.ofSeconds(30);

    private final LiveClient client;
    private final String query;
    private final boolean fast;

    /** @param query the stream's query: the wire's audio parameters, interim Results and endpointing */
    public ServerSessions(LiveClient client, String query, boolean fast) {
        this.client = client;
        this.query = query;
        this.fast = fast;
    }

    @Override
    public Heard play(AccuracyClip clip) throws InterruptedException {
        FinalTranscript listener = new FinalTranscript();
        LiveConnection connection;
        try {
            connection = client.connect(query, listener);
        } catch (HandshakeException refused) {
            return Heard.failed("refused: HTTP " + refused.status() + " " + refused.getMessage());
        } catch (IOException | RuntimeException unreachable) {
            return Heard.failed("connect failed: " + unreachable.getMessage());
        }
        try {
            send(connection, clip.wire());
            String failure = finish(connection, listener);
            return failure == null ? Heard.transcript(clip.programme().reference(), listener.transcript())
                    : Heard.failed(clip.fixture() + ": " + failure);
        } finally {
            connection.close();
        }
    }

    /** Sends every chunk when its audio is due (or at once with --fast); stops if the server closes first. */
    private void send(LiveConnection connection, WireClip wire) throws InterruptedException {
        long start = System.nanoTime();
        for (int k = 0; k < wire.chunks().size() && !connection.closed().isDone(); k++) {
            if (!fast) {
                Pacing.sleepUntil(start + Math.round(wire.startSec(k) * 1e9));
            }
            try {
                connection.sendAudio(wire.chunks().get(k));
            } catch (RuntimeException closedUnderUs) {
                return; // finish() reads why
            }
        }
    }

    /** CloseStream, then waits for the close while messages keep coming; null when it ended as it should. */
    private static String finish(LiveConnection connection, FinalTranscript listener) throws InterruptedException {
        try {
            connection.closeStream();
        } catch (RuntimeException alreadyGone) {
            // The socket broke; the close future says how.
        }
        long closeSent = System.nanoTime();
        while (true) {
            long quietSince = Math.max(closeSent, listener.lastMessageNanos);
            long left = QUIET_LIMIT.toNanos() - (System.nanoTime() - quietSince);
            if (left <= 0) {
                connection.abort();
                return "no message for " + QUIET_LIMIT.toSeconds() + " s after CloseStream, and no close";
            }
            try {
                CloseReason close = connection.closed().get(left, TimeUnit.NANOSECONDS);
                if (close.code() != 1000) {
                    return "closed " + close;
                }
                return listener.metadata ? null : "closed without Metadata";
            } catch (TimeoutException quietSoFar) {
                // Look again: a message may have come meanwhile.
            } catch (ExecutionException broken) {
                return "connection failed: " + broken.getCause();
            }
        }
    }

    /** On the client's WebSocket thread: keeps the finals' text and when the last message came. */
    private static final class FinalTranscript implements LiveListener {
        private final StringBuilder transcript = new StringBuilder();
        private volatile long lastMessageNanos = System.nanoTime();
        private volatile boolean metadata;

        @Override
        public void onMessage(ServerMessage message) {
            lastMessageNanos = System.nanoTime();
        }

        @Override
        public synchronized void onResults(ResultsMessage results) {
            String text = results.alternative().transcript();
            if (results.isFinal() && !text.isBlank()) {
                transcript.append(transcript.length() == 0 ? "" : " ").append(text.trim());
            }
        }

        @Override
        public void onMetadata(MetadataMessage message) {
            metadata = true;
        }

        synchronized String transcript() {
            return transcript.toString();
        }
    }
}
