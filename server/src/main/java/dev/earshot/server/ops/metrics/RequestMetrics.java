package dev.earshot.server.ops.metrics;

import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.events.RequestRecord;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics that requests feed as they happen: counters and histograms, each bumped by the thread that did
 * the work. The Prometheus client's counters and histograms take no lock, so no event waits for a scrape.
 */
final class RequestMetrics implements RequestEvents {
    private static final Logger LOG = LoggerFactory.getLogger(RequestMetrics.class);
    /** Around Deepgram's alert (stream latency p99 above 1.5 s) and its k6 bar (interim p50 < 0.75 s). */
    private static final double[] LAG_SECONDS = {0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10};
    /** Deepgram's k6 bar for the first final is p50 < 1 s; a first word comes with the first interim. */
    private static final double[] FIRST_WORD_SECONDS = {0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10};
    /** Files run from a second of audio to hours; a file's answer waits for all of it. */
    private static final double[] FILE_SECONDS = {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800};

    private final Counter requests;
    private final Histogram batchResponseTime;
    private final Histogram streamLatency;
    private final Histogram firstWord;
    private final Counter audioSeconds;
    private final Counter closes;
    private final Counter refusals;
    private final EncodingLabels encodings = new EncodingLabels();

    RequestMetrics(PrometheusRegistry registry) {
        requests = Counter.builder().name("engine_requests_total")
                .help("Transcription requests ended, by kind (stream, batch) and HTTP status (101: a stream opened)")
                .labelNames("kind", "response_status").register(registry);
        batchResponseTime = Histogram.builder().name("engine_batch_response_time_seconds").unit(Unit.SECONDS)
                .help("Time from a pre-recorded file's request to its transcript, for files answered with 2xx")
                .classicOnly().classicUpperBounds(FILE_SECONDS).register(registry);
        streamLatency = Histogram.builder().name("engine_stream_latency_seconds").unit(Unit.SECONDS)
                .help("How far behind its audio each Results message of a stream went out")
                .classicOnly().classicUpperBounds(LAG_SECONDS).register(registry);
        firstWord = Histogram.builder().name("earshot_first_word_latency_seconds").unit(Unit.SECONDS)
                .help("Time from a stream's first audio to its first word sent")
                .classicOnly().classicUpperBounds(FIRST_WORD_SECONDS).register(registry);
        audioSeconds = Counter.builder().name("earshot_audio_seconds_total").unit(Unit.SECONDS)
                .help("Audio transcribed, in seconds of audio per channel, by kind and encoding")
                .labelNames("kind", "encoding").register(registry);
        closes = Counter.builder().name("earshot_stream_closes_total")
                .help("Streams ended, by close code and reason (normal, shutdown, a DATA-/NET- code, dropped, other)")
                .labelNames("code", "reason").register(registry);
        refusals = Counter.builder().name("earshot_refusals_total")
                .help("Requests answered with an HTTP error, by kind (stream, batch, other) and status")
                .labelNames("kind", "status").register(registry);
    }

    @Override
    public void ended(RequestRecord record) {
        try {
            count(record);
        } catch (RuntimeException e) {
            // Metrics must never fail a request; a wrong label would be a bug here, not the client's.
            LOG.warn("[{}] could not count the request: {}", record.requestId(), e.toString());
        }
    }

    private void count(RequestRecord record) {
        String kind = kindLabel(record.kind());
        String status = statusLabel(record.httpStatus());
        if (record.kind() != RequestRecord.Kind.OTHER) {
            requests.labelValues(kind, status).inc();
            if (record.audioSeconds() > 0) {
                audioSeconds.labelValues(kind, encodings.of(record.encoding())).inc(record.audioSeconds());
            }
        }
        if (record.httpStatus() >= 400) {
            refusals.labelValues(kind, status).inc();
        }
        if (record.kind() == RequestRecord.Kind.STREAM && record.httpStatus() == 101) {
            CloseOutcome outcome = CloseOutcome.of(record.closeCode(), record.closeReason());
            closes.labelValues(outcome.code(), outcome.reason()).inc();
        }
        if (record.kind() == RequestRecord.Kind.FILE && record.httpStatus() >= 200 && record.httpStatus() < 300) {
            batchResponseTime.observe(seconds(record.duration()));
        }
    }

    @Override
    public void resultLag(Duration behindAudio) {
        streamLatency.observe(Math.max(0, seconds(behindAudio)));
    }

    @Override
    public void firstWord(Duration sinceFirstAudio) {
        firstWord.observe(Math.max(0, seconds(sinceFirstAudio)));
    }

    /** Deepgram's words: a pre-recorded file is a {@code batch} request. */
    static String kindLabel(RequestRecord.Kind kind) {
        return switch (kind) {
            case STREAM -> "stream";
            case FILE -> "batch";
            case OTHER -> "other";
        };
    }

    /** An HTTP status is three digits; anything else is a bug upstream and must not become a new series. */
    private static String statusLabel(int httpStatus) {
        return httpStatus >= 100 && httpStatus <= 599 ? Integer.toString(httpStatus) : "other";
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
