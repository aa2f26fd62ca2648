package dev.earshot.bench.load;

import dev.earshot.bench.audio.Programme;
import dev.earshot.bench.audio.WireAudio;
import dev.earshot.bench.measure.SendClock;
import dev.earshot.bench.measure.TimedWord;
import dev.earshot.bench.measure.TranscriptTimeline;
import dev.earshot.bench.measure.WordErrors;
import dev.earshot.client.HandshakeException;
import dev.earshot.client.LiveClient;
import dev.earshot.client.LiveConnection;
import dev.earshot.client.LiveListener;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams programmes to a server as a live client would: linear16 in 100 ms frames, or a phone call's
 * μ-law in 20 ms frames ({@link WireAudio}), at real time (or as fast as the server reads, {@code --fast}),
 * interim Results on, then CloseStream and the wait for Metadata and the close.
 */
public final class LiveStreams implements StreamSource {
    /** The client's own connect timeout (LiveClient's default). */
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * After CloseStream, on top of the audio's own length (the most a server far behind may still have to
     * decode): time for the last finals, Metadata and the close.
     */
    static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    private final LiveClient client;
    private final String query;
    private final List<Programme> programmes;
    private final WireAudio wire;
    /** Each programme's audio as the wire carries it, encoded once. */
    private final List<byte[]> sent;
    private final boolean fast;
    private final Set<LiveConnection> open = ConcurrentHashMap.newKeySet();

    public LiveStreams(LiveClient client, List<Programme> programmes, WireAudio wire, int endpointingMs, boolean fast) {
        this.client = client;
        this.programmes = List.copyOf(programmes);
        this.wire = wire;
        this.sent = programmes.stream().map(wire::encode).toList();
        this.query = query(wire, endpointingMs);
        this.fast = fast;
    }

    /** The wire's audio parameters, interim Results on (they are half the lag samples), endpointing as asked. */
    public static String query(WireAudio wire, int endpointingMs) {
        return query(wire.query(), endpointingMs);
    }

    /** The same for audio described by {@code audioParameters} (e.g. {@code encoding=ogg-opus&sample_rate=16000}). */
    public static String query(String audioParameters, int endpointingMs) {
        // 0: no endpointing, so segments end only where the engine pauses, as in the engine-only baseline.
        return audioParameters + "&interim_results=true&endpointing="
                + (endpointingMs == 0 ? "false" : String.valueOf(endpointingMs));
    }

    @Override
    public StreamOutcome play(int index, long startAtNanos) throws InterruptedException {
        Programme programme = programmes.get(index % programmes.size());
        byte[] audio = sent.get(index % sent.size());
        int frameBytes = wire.frameBytes();
        int frames = (audio.length + frameBytes - 1) / frameBytes;
        SendClock clock = new SendClock(wire.frameMs(), frames);
        Listener listener = new Listener(new TranscriptTimeline(clock, programme.onsetsSec()));
        Pacing.sleepUntil(startAtNanos);
        long connectStart = System.nanoTime();
        LiveConnection connection;
        try {
            connection = client.connect(query, listener);
        } catch (HandshakeException refused) {
            return StreamOutcome.notStarted(index, "HTTP " + refused.status(), refused.getMessage());
        } catch (IOException | RuntimeException unreachable) {
            return StreamOutcome.notStarted(index, "connect failed", String.valueOf(unreachable.getMessage()));
        }
        double handshakeMs = Pacing.millisSince(connectStart);
        open.add(connection);
        try {
            List<Double> sendDelays = send(connection, audio, clock, frameBytes, frames);
            Ending ending = finish(connection, closeTimeout(programme));
            boolean ok = ending.failure() == null && listener.metadata;
            String failure = ending.failure() != null ? ending.failure()
                    : ok ? null : "closed without Metadata";
            TranscriptTimeline.Snapshot timeline = listener.timeline.snapshot();
            WordErrors words = ok ? WordErrors.between(programme.reference(), timeline.transcript()) : WordErrors.NONE;
            return new StreamOutcome(index, handshakeMs, ending.closeKey(), ok, failure, timeline, sendDelays, words);
        } finally {
            open.remove(connection);
            connection.close();
        }
    }

    /** Sends every frame on schedule; stops early if the server closes the stream. */
    private List<Double> send(LiveConnection connection, byte[] audio, SendClock clock, int frameBytes, int frames)
            throws InterruptedException {
        List<Double> delays = new ArrayList<>(frames);
        long frameNanos = TimeUnit.MILLISECONDS.toNanos(wire.frameMs());
        long audioStart = System.nanoTime();
        for (int k = 0; k < frames && !connection.closed().isDone(); k++) {
            long due = audioStart + k * frameNanos;
            if (!fast) {
                Pacing.sleepUntil(due);
            }
            long now = System.nanoTime();
            clock.record(k, now);
            if (!fast) {
                delays.add((now - due) / 1e6);
            }
            int offset = k * frameBytes;
            try {
                connection.sendAudio(audio, offset, Math.min(frameBytes, audio.length - offset));
            } catch (RuntimeException closedUnderUs) {
                break; // the server closed the stream; finish() reads why
            }
        }
        return delays;
    }

    private record Ending(String closeKey, String failure) {
    }

    private static Ending finish(LiveConnection connection, Duration timeout) throws InterruptedException {
        try {
            connection.closeStream();
        } catch (RuntimeException alreadyGone) {
            // The socket broke; the close future says how.
        }
        try {
            CloseReason close = connection.closed().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            String key = StreamOutcome.closeKey(close.code(), close.reason());
            return new Ending(key, close.code() == 1000 ? null : "closed " + close);
        } catch (TimeoutException e) {
            connection.abort();
            return new Ending("no close within " + timeout.toSeconds() + " s", "no close within " + timeout.toSeconds()
                    + " s of CloseStream");
        } catch (ExecutionException e) {
            return new Ending("1006 no close frame", "connection failed: " + e.getCause());
        }
    }

    private Duration closeTimeout(Programme programme) {
        return CLOSE_GRACE.plusMillis(Math.round(programme.seconds() * 1000));
    }

    @Override
    public Duration deadline() {
        double longest = programmes.stream().mapToDouble(Programme::seconds).max().orElse(0);
        long audioMillis = Math.round(longest * 1000);
        return CONNECT_TIMEOUT.plusMillis(fast ? 0 : audioMillis).plus(CLOSE_GRACE).plusMillis(audioMillis)
                .plusSeconds(10);
    }

    @Override
    public double audioSeconds(int index) {
        return programmes.get(index % programmes.size()).seconds();
    }

    @Override
    public void abortAll() {
        open.forEach(LiveConnection::abort);
    }

    /** On the client's WebSocket thread: timestamps each Results as it arrives. */
    private static final class Listener implements LiveListener {
        private final TranscriptTimeline timeline;
        private volatile boolean metadata;

        Listener(TranscriptTimeline timeline) {
            this.timeline = timeline;
        }

        @Override
        public void onResults(ResultsMessage results) {
            long arrived = System.nanoTime();
            List<TimedWord> words = results.alternative().words().stream()
                    .map(word -> new TimedWord(word.word(), word.start(), word.end())).toList();
            timeline.onResults(arrived, results.start(), results.duration(), words, results.isFinal(),
                    results.speechFinal(), results.alternative().transcript());
        }

        @Override
        public void onMetadata(MetadataMessage message) {
            metadata = true;
        }
    }
}
