package dev.earshot.server.session.events;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the server knows of one request once it has ended: a live stream, a pre-recorded file, or a request
 * refused before any work. Written to the request log and counted by the metrics; never holds an API key.
 *
 * @param requestId      the {@code dg-request-id} the client was given
 * @param kind           what was asked for
 * @param started        when the request's head arrived
 * @param ended          when its answer or Close frame went out
 * @param client         who asked: address, user agent, key fingerprint, path and query
 * @param audioSeconds   audio transcribed, in seconds of the stream (per channel)
 * @param audioBytes     bytes of audio received
 * @param encoding       the audio's encoding or container as detected ({@code linear16}, {@code ogg/opus}, ...);
 *                       null when none was known
 * @param results        Results messages sent (a file: 1 when answered)
 * @param finals         of them, finals ({@code is_final})
 * @param httpStatus     the HTTP status of the answer: 101 for a stream that opened
 * @param closeCode      the WebSocket close code; null for an HTTP answer or a connection the client dropped
 * @param closeReason    the close frame's reason, or the refusal's message (what {@code dg-error} said)
 * @param warnings       warnings the client was given
 * @param timeline       what happened, in order, from {@code started}
 * @param transcript     the final transcript, only when the operator keeps transcripts; else null
 */
public record RequestRecord(String requestId, Kind kind, Instant started, Instant ended, Client client,
                            double audioSeconds, long audioBytes, String encoding, int results, int finals,
                            int httpStatus, Integer closeCode, String closeReason, List<String> warnings,
                            List<TimelineEntry> timeline, String transcript) {

    public enum Kind {
        /** {@code GET /v1/listen} with a WebSocket upgrade, whether it opened or was refused. */
        STREAM,
        /** {@code POST /v1/listen}, or OpenAI's {@code POST /v1/audio/transcriptions}. */
        FILE,
        /** Any other path: status, metrics, management, unknown. Only refusals are recorded. */
        OTHER
    }

    /**
     * Who sent the request and how.
     *
     * @param keyFingerprint the first 12 hex digits of the key's SHA-256: enough to tell keys apart, useless to
     *                       guess one; null when no key was offered
     */
    public record Client(String address, String userAgent, String keyFingerprint, String method, String path,
                         String query) {
    }

    /** One step of a request's life, {@code at} after it started: "audio started", "Finalize", "closed 1000". */
    public record TimelineEntry(Duration at, String event) {
        public TimelineEntry {
            Objects.requireNonNull(at, "at");
            Objects.requireNonNull(event, "event");
        }
    }

    public RequestRecord {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(client, "client");
        warnings = List.copyOf(warnings);
        timeline = List.copyOf(timeline);
    }

    public Duration duration() {
        return Duration.between(started, ended);
    }

    /** Whether the request was answered with an error (an HTTP error, or a close other than 1000). */
    public boolean failed() {
        return httpStatus >= 400 || (closeCode != null && closeCode != 1000);
    }
}
