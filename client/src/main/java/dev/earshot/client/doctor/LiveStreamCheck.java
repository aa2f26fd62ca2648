package dev.earshot.client.doctor;

import dev.earshot.client.FailureHints;
import dev.earshot.client.HandshakeException;
import dev.earshot.client.LiveClient;
import dev.earshot.client.LiveConnection;
import dev.earshot.client.LiveListener;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Streams the start of the file the way the application does (same query, real time when the byte rate is
 * known) and reports what a user would see: how soon Results come, whether finals carry words, and how the
 * stream ends.
 */
final class LiveStreamCheck {
    private static final String CHECK = "live-stream";
    /** Slower than this to the first Results, at real time, and a user notices. */
    private static final double SLOW_FIRST_RESULTS_SECONDS = 3;

    /** What came back, noted on the client's WebSocket thread. */
    private static final class Observations implements LiveListener {
        final long started = System.nanoTime();
        volatile double firstResults = -1;
        volatile double firstWords = -1;
        volatile int finalsWithWords;
        volatile String requestId;
        volatile boolean metadata;
        volatile Throwable failure;

        private double now() {
            return (System.nanoTime() - started) / 1e9;
        }

        @Override
        public void onResults(ResultsMessage results) {
            if (firstResults < 0) {
                firstResults = now();
                requestId = results.metadata().requestId();
            }
            boolean words = !results.alternative().transcript().isEmpty();
            if (words && firstWords < 0) {
                firstWords = now();
            }
            if (words && results.isFinal()) {
                finalsWithWords++;
            }
        }

        @Override
        public void onMetadata(MetadataMessage summary) {
            metadata = true;
            requestId = summary.requestId();
        }

        @Override
        public void onFailure(Throwable error) {
            failure = error;
        }
    }

    private LiveStreamCheck() {
    }

    static Finding run(DoctorOptions options, StreamPlan plan) throws InterruptedException {
        String query = plan.query() + (plan.query().isEmpty() ? "" : "&") + "interim_results=true";
        Observations seen = new Observations();
        try (LiveClient client = LiveClient.builder(options.url(), options.apiKey()).build();
             LiveConnection stream = client.connect(query, seen)) {
            double sentSeconds = send(stream, plan);
            CloseReason close;
            if (stream.closed().isDone()) {
                close = stream.closed().get();
            } else {
                close = stream.closeStream().get(60, TimeUnit.SECONDS);
            }
            return judge(seen, close, sentSeconds, plan.bytesPerSecond() > 0);
        } catch (HandshakeException refused) {
            return Finding.fail(CHECK, "the upgrade was refused: " + refused.getMessage(),
                    FailureHints.forStatus(refused.status()));
        } catch (IOException e) {
            return Finding.fail(CHECK, e.getMessage(), FailureHints.forNetwork());
        } catch (ExecutionException | TimeoutException broken) {
            return Finding.fail(CHECK, "the connection ended without a Close frame (1006)" + at(seen) + ": "
                            + (broken.getCause() != null ? broken.getCause() : broken),
                    "a proxy or load balancer that cuts WebSocket connections, or the server died: check its log"
                            + (seen.requestId == null ? "" : " for request id " + seen.requestId));
        }
    }

    private static double send(LiveConnection stream, StreamPlan plan) throws InterruptedException {
        byte[] audio = plan.audio();
        int frame = plan.bytesPerSecond() > 0 ? (int) Math.max(1, plan.bytesPerSecond() / 10) : 4096;
        long started = System.nanoTime();
        int index = 0;
        for (int offset = 0; offset < audio.length && !stream.closed().isDone(); offset += frame, index++) {
            long due = started + TimeUnit.MILLISECONDS.toNanos(100L * index);
            TimeUnit.NANOSECONDS.sleep(Math.max(0, due - System.nanoTime()));
            stream.sendAudio(Arrays.copyOfRange(audio, offset, Math.min(audio.length, offset + frame)));
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static Finding judge(Observations seen, CloseReason close, double sentSeconds, boolean paced) {
        String timing = seen.firstResults < 0 ? "no Results"
                : String.format(Locale.ROOT, "first Results after %.2f s", seen.firstResults)
                + (seen.firstWords < 0 ? ", never any words"
                : String.format(Locale.ROOT, ", first words after %.2f s", seen.firstWords));
        String summary = String.format(Locale.ROOT, "streamed %.1f s: %s, %d final%s with words%s, closed %d%s",
                sentSeconds, timing, seen.finalsWithWords, seen.finalsWithWords == 1 ? "" : "s",
                seen.metadata ? ", Metadata" : ", no Metadata", close.code(),
                close.reason().isEmpty() ? "" : " \"" + close.reason() + "\"") + at(seen);
        if (close.code() != 1000) {
            return Finding.fail(CHECK, summary, FailureHints.forClose(close));
        }
        if (seen.firstResults < 0) {
            return Finding.fail(CHECK, summary, "the server sent no Results: check its log for the request id");
        }
        if (seen.finalsWithWords == 0) {
            return Finding.warn(CHECK, summary, "the server heard no words: silence, or audio that is not what the "
                    + "query declares (see the checks above)");
        }
        if (!seen.metadata) {
            return Finding.warn(CHECK, summary, "a Deepgram-compatible server sends Metadata before closing");
        }
        if (paced && seen.firstResults > SLOW_FIRST_RESULTS_SECONDS) {
            return Finding.warn(CHECK, summary, "Results come slowly: the server may be overloaded "
                    + "(see earshot bench), and streams risk 1011 NET-0000");
        }
        return Finding.pass(CHECK, summary);
    }

    private static String at(Observations seen) {
        return seen.requestId == null ? "" : " (dg-request-id " + seen.requestId + ")";
    }
}
