package dev.earshot.protocol;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code GET /v1/status}: Deepgram self-hosted's fields first, then Earshot's own.
 *
 * @param systemHealth    {@code Initializing} while recognisers warm up, {@code Ready} warm and idle, {@code Healthy}
 *                        serving below its limits, {@code Degraded} at its stream limit or draining
 * @param warmUpProgress  0 to 1: how much of the start-up warm-up is done
 */
public record ServiceStatus(
        @JsonProperty("system_health") String systemHealth,
        @JsonProperty("active_stream_requests") int activeStreamRequests,
        @JsonProperty("active_batch_requests") int activeBatchRequests,
        @JsonProperty("active_listen_v2_stream_requests") int activeListenV2StreamRequests,
        @JsonProperty("max_stream_requests") int maxStreamRequests,
        @JsonProperty("max_batch_requests") int maxBatchRequests,
        @JsonProperty("warm_recognizers") int warmRecognizers,
        @JsonProperty("warm_up_progress") double warmUpProgress,
        @JsonProperty("draining") boolean draining,
        @JsonProperty("version") String version,
        @JsonProperty("uptime_seconds") long uptimeSeconds) {

    public static final String INITIALIZING = "Initializing";
    public static final String READY = "Ready";
    public static final String HEALTHY = "Healthy";
    public static final String DEGRADED = "Degraded";

    /** {@code GET /v1/status/engine}: what Deepgram's chart probes for readiness. */
    public record EngineStatus(@JsonProperty("engine_connection_status") String engineConnectionStatus) {
        public static final EngineStatus CONNECTED = new EngineStatus("Connected");
    }
}
