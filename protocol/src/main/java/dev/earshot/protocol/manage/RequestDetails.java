package dev.earshot.protocol.manage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * {@code response.details} of a {@link ProjectRequest}: Deepgram's fields ({@code method}, {@code duration},
 * {@code total_audio}, {@code streams}) and then Earshot's own account of the request. Absent values are left out.
 *
 * @param method        {@code streaming} for a live stream, {@code sync} for a file; null otherwise
 * @param duration      seconds of audio transcribed (per channel)
 * @param totalAudio    the same: this server does not know the channel count once a request has ended
 * @param streams       1 for a live stream
 * @param kind          {@code STREAM}, {@code FILE} or {@code OTHER}
 * @param elapsedSeconds wall time from the request's head to its answer or Close frame
 * @param closeCode     the WebSocket close code, when it closed with one
 * @param closeReason   the close frame's reason or the refusal's message
 * @param timeline      what happened, {@code at} seconds after the request arrived
 * @param transcript    present only when the operator keeps transcripts
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RequestDetails(String method, double duration, double totalAudio, Integer streams, String kind,
                             double elapsedSeconds, String clientAddress, String userAgent, long audioBytes,
                             String encoding, int results, int finals, int httpStatus, Integer closeCode,
                             String closeReason, List<String> warnings, List<Step> timeline, String transcript) {
    public RequestDetails {
        warnings = List.copyOf(warnings);
        timeline = List.copyOf(timeline);
    }

    /** One step of the request's life, {@code at} seconds after it arrived. */
    public record Step(double at, String event) {
    }
}
