package dev.earshot.client.doctor;

import dev.earshot.client.FailureHints;
import dev.earshot.client.HandshakeException;
import dev.earshot.client.LiveClient;
import dev.earshot.client.LiveConnection;
import dev.earshot.client.LiveListener;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the server does with a stream that goes quiet, as an application pausing its audio makes it: two
 * streams send half a second of audio, then one sends nothing and one sends only KeepAlive. The first shows
 * whether and when the server closes quiet streams (NET-0001); the second, that KeepAlive keeps one open.
 */
final class IdleCheck {
    /** How long the quiet stream is watched at least: past Deepgram's 10 s idle timeout. */
    private static final Duration MIN_WATCH = Duration.ofSeconds(11);
    private static final Duration KEEPALIVE_EVERY = Duration.ofSeconds(1);
    private static final String QUERY = "encoding=linear16&sample_rate=16000";
    /** Half a second of silence at 16 kHz: enough to count as audio. */
    private static final byte[] HALF_SECOND = new byte[16_000];

    private IdleCheck() {
    }

    static List<Finding> run(DoctorOptions options) throws InterruptedException {
        Duration pause = options.pause();
        Duration watch = pause.plusSeconds(1).compareTo(MIN_WATCH) > 0 ? pause.plusSeconds(1) : MIN_WATCH;
        RequestId quietIds = new RequestId();
        try (LiveClient quietClient = LiveClient.builder(options.url(), options.apiKey())
                .keepAliveInterval(Duration.ZERO).build();
             LiveClient keepingClient = LiveClient.builder(options.url(), options.apiKey())
                     .keepAliveInterval(KEEPALIVE_EVERY).build();
             LiveConnection quiet = quietClient.connect(QUERY, quietIds);
             LiveConnection kept = keepingClient.connect(QUERY, new LiveListener() { })) {
            quiet.sendAudio(HALF_SECOND);
            kept.sendAudio(HALF_SECOND);
            long lastAudio = System.nanoTime();
            Finding quietFinding = watchQuiet(quiet, quietIds, lastAudio, watch, pause);
            long keptFor = pause.toNanos() - (System.nanoTime() - lastAudio);
            if (keptFor > 0) {
                TimeUnit.NANOSECONDS.sleep(keptFor);
            }
            return List.of(quietFinding, judgeKept(kept, pause));
        } catch (HandshakeException refused) {
            return List.of(Finding.fail("idle", "the upgrade was refused: " + refused.getMessage(),
                    FailureHints.forStatus(refused.status())));
        } catch (IOException e) {
            return List.of(Finding.fail("idle", e.getMessage(), FailureHints.forNetwork()));
        }
    }

    private static Finding watchQuiet(LiveConnection quiet, RequestId ids, long lastAudio, Duration watch,
                                      Duration pause)
            throws InterruptedException {
        String yourPause = String.format(Locale.ROOT, "%.1f s", pause.toMillis() / 1000.0);
        CompletableFuture<CloseReason> closed = quiet.closed();
        try {
            CloseReason close = closed.get(watch.toMillis(), TimeUnit.MILLISECONDS);
            double after = (System.nanoTime() - lastAudio) / 1e9;
            String evidence = String.format(Locale.ROOT, "the server closed a stream that went quiet after "
                    + "%.1f s: %d \"%s\"%s", after, close.code(), close.reason(),
                    ids.value == null ? "" : " (dg-request-id " + ids.value + ")");
            if (after * 1000 <= pause.toMillis()) {
                return Finding.warn("idle", evidence + "; your application pauses up to " + yourPause,
                        String.format(Locale.ROOT, "during pauses send {\"type\":\"KeepAlive\"} at least every %.1f s "
                                + "(earshot's LiveClient does: keepAliveInterval), or raise the server's "
                                + "--idle-timeout", Math.max(0.5, after / 2)));
            }
            return Finding.pass("idle", evidence + ", longer than your " + yourPause + " pauses");
        } catch (TimeoutException stillOpen) {
            quiet.abort();
            return Finding.pass("idle", String.format(Locale.ROOT, "a stream quiet for %.1f s stayed open "
                    + "(your application pauses up to %s)", watch.toMillis() / 1000.0, yourPause));
        } catch (ExecutionException broken) {
            return Finding.fail("idle", "a quiet stream lost its connection without a Close frame (1006): "
                    + broken.getCause(), "a proxy or load balancer with an idle timeout shorter than your pauses: "
                    + "raise it, and send KeepAlive during pauses");
        }
    }

    private static Finding judgeKept(LiveConnection kept, Duration pause) throws InterruptedException {
        String seconds = String.format(Locale.ROOT, "%.1f s", pause.toMillis() / 1000.0);
        if (kept.closed().isDone()) {
            String how;
            try {
                how = kept.closed().get().toString();
            } catch (ExecutionException broken) {
                how = "a broken connection: " + broken.getCause();
            }
            return Finding.fail("keepalive", "a stream sending KeepAlive every " + KEEPALIVE_EVERY.toSeconds()
                    + " s during a " + seconds + " pause was closed: " + how,
                    "the server (or a proxy) ignores KeepAlive: check its log");
        }
        try {
            CloseReason close = kept.closeStream().get(30, TimeUnit.SECONDS);
            if (close.code() != 1000) {
                return Finding.fail("keepalive", "after a " + seconds + " pause with KeepAlive, CloseStream ended "
                        + "with " + close, FailureHints.forClose(close));
            }
            return Finding.pass("keepalive", "with KeepAlive every " + KEEPALIVE_EVERY.toSeconds() + " s a stream "
                    + "stayed open through a " + seconds + " pause and closed 1000");
        } catch (ExecutionException | TimeoutException broken) {
            return Finding.fail("keepalive", "CloseStream after the pause got no Close frame: " + broken,
                    "check the server's log");
        }
    }

    /** The stream's request id, from its Metadata, for the report. */
    private static final class RequestId implements LiveListener {
        volatile String value;

        @Override
        public void onMetadata(MetadataMessage metadata) {
            value = metadata.requestId();
        }
    }
}
