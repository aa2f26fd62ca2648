package dev.earshot.bench.load;

import dev.earshot.bench.measure.TranscriptTimeline;
import dev.earshot.bench.measure.WordErrors;
import java.util.List;

/**
 * How one stream went.
 *
 * @param handshakeMs how long connect() took; null when it never connected (or engine only)
 * @param closeKey    how it ended, for counting: {@code 1000}, {@code 1011 NET-0000}, {@code HTTP 429},
 *                    {@code connect failed}, {@code no close within 45 s}, {@code finished} (engine only)
 * @param ok          whether it ended as it should: 1000 after Metadata, or the engine finished
 * @param failure     what went wrong, in words; null when ok
 * @param sendDelayMs how late each frame left against its real-time schedule (the load generator's own lag)
 * @param words       word errors against the reference; counted only for streams that ended ok
 */
public record StreamOutcome(int index, Double handshakeMs, String closeKey, boolean ok, String failure,
                            TranscriptTimeline.Snapshot timeline, List<Double> sendDelayMs, WordErrors words) {
    private static final TranscriptTimeline.Snapshot NOTHING =
            new TranscriptTimeline.Snapshot(List.of(), List.of(), List.of(), "", 0, 0);

    public StreamOutcome {
        sendDelayMs = List.copyOf(sendDelayMs);
    }

    /** A stream that never got to play: refused, unreachable, interrupted. */
    public static StreamOutcome notStarted(int index, String closeKey, String failure) {
        return new StreamOutcome(index, null, closeKey, false, failure, NOTHING, List.of(), WordErrors.NONE);
    }

    /**
     * {@code 1000}, or the code and the reason's error code: {@code 1011 NET-0001} for
     * "NET-0001: no audio ...". Reasons without one keep their first word.
     */
    public static String closeKey(int code, String reason) {
        String trimmed = reason == null ? "" : reason.trim();
        if (trimmed.isEmpty()) {
            return Integer.toString(code);
        }
        int end = trimmed.indexOf(':');
        if (end < 0) {
            end = trimmed.indexOf(' ') < 0 ? trimmed.length() : trimmed.indexOf(' ');
        }
        return code + " " + trimmed.substring(0, Math.min(end, 24));
    }
}
