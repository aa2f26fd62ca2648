package dev.earshot.server.ops.metrics;

import dev.earshot.server.ops.ServerReadings;
import dev.earshot.server.ops.ServerReadings.LaneWaits;
import dev.earshot.server.ops.ServerReadings.RequestLogCounts;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.SummaryWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.Unit;

/**
 * The metrics read from the server at each scrape rather than counted as requests go: each callback asks
 * {@link ServerReadings} for one number, so a scrape costs a handful of field reads.
 */
final class ServerGauges {
    private ServerGauges() {
    }

    static void register(PrometheusRegistry registry, ServerReadings readings) {
        registerLoad(registry, readings);
        registerWarmUp(registry, readings);
        SummaryWithCallback.builder().name("earshot_decode_lane_wait_seconds").unit(Unit.SECONDS)
                .help("How long decoding steps waited for a decode thread, by kind (batch waits behind stream)")
                .labelNames("kind").callback(callback -> {
                    LaneWaits stream = readings.streamLaneWaits();
                    LaneWaits batch = readings.batchLaneWaits();
                    callback.call(stream.steps(), Unit.nanosToSeconds(stream.waitedNanos()), Quantiles.EMPTY, "stream");
                    callback.call(batch.steps(), Unit.nanosToSeconds(batch.waitedNanos()), Quantiles.EMPTY, "batch");
                }).register(registry);
        CounterWithCallback.builder().name("earshot_request_log_records_total")
                .help("Request log records, by outcome: written, dropped (queue full) or failed (write error)")
                .labelNames("outcome").callback(callback -> {
                    RequestLogCounts log = readings.requestLog();
                    callback.call(log.written(), "written");
                    callback.call(log.dropped(), "dropped");
                    callback.call(log.failed(), "failed");
                }).register(registry);
    }

    /** Deepgram self-hosted's names: what its dashboards, alerts and autoscaling read. */
    private static void registerLoad(PrometheusRegistry registry, ServerReadings readings) {
        GaugeWithCallback.builder().name("engine_active_requests")
                .help("Requests being served now, by kind (stream, batch)")
                .labelNames("kind").callback(callback -> {
                    callback.call(readings.activeStreams(), "stream");
                    callback.call(readings.activeFiles(), "batch");
                }).register(registry);
        GaugeWithCallback.builder().name("engine_max_active_requests")
                .help("Requests served at most at once, by kind (stream, batch); beyond that, 429")
                .labelNames("kind").callback(callback -> {
                    callback.call(readings.maxStreams(), "stream");
                    callback.call(readings.maxFiles(), "batch");
                }).register(registry);
        GaugeWithCallback.builder().name("engine_estimated_stream_capacity")
                .help("Streams this server can keep in real time (today: the configured maximum)")
                .callback(callback -> callback.call(readings.estimatedStreamCapacity())).register(registry);
        GaugeWithCallback.builder().name("engine_requests_active_to_max_ratio").unit(Unit.RATIO)
                .help("Active streams over the maximum: the autoscaling signal (Deepgram's sample target: 0.8)")
                .callback(callback -> callback.call(ratio(readings.activeStreams(), readings.maxStreams())))
                .register(registry);
        GaugeWithCallback.builder().name("earshot_draining")
                .help("1 while the server drains for shutdown and refuses new streams (503), else 0")
                .callback(callback -> callback.call(readings.draining() ? 1 : 0)).register(registry);
    }

    private static void registerWarmUp(PrometheusRegistry registry, ServerReadings readings) {
        GaugeWithCallback.builder().name("earshot_warm_recognizers")
                .help("Recognisers waiting warm in the engine's pool for the next stream")
                .callback(callback -> callback.call(readings.warmRecognizers())).register(registry);
        GaugeWithCallback.builder().name("earshot_warm_up_planned_recognizers")
                .help("Recognisers the start-up warm-up set out to warm")
                .callback(callback -> callback.call(readings.warmUpPlanned())).register(registry);
        GaugeWithCallback.builder().name("earshot_warm_up_done_recognizers")
                .help("Recognisers the start-up warm-up has finished (warmed or failed)")
                .callback(callback -> callback.call(readings.warmUpDone())).register(registry);
    }

    /** A server with no room for streams is full, not idle. */
    private static double ratio(int active, int max) {
        return max > 0 ? (double) active / max : 1;
    }
}
