package dev.earshot.server.ops.metrics;

import dev.earshot.protocol.ErrorCode;

/**
 * How a stream ended, as the labels of {@code earshot_stream_closes_total}: the close code and a reason from
 * a small fixed set. A close reason is free text (and a client writes its own), so it never becomes a label
 * itself: only the catalogue's short code it starts with ({@code NET-0001}) does.
 *
 * @param code   an RFC 6455 close code (1000–1015), or {@code other} for an application's own (3000–4999)
 * @param reason {@code normal}, {@code shutdown}, a code of the catalogue ({@code DATA-0000}, {@code NET-0000},
 *               ...), {@code dropped} (no close frame), or {@code other}
 */
record CloseOutcome(String code, String reason) {
    static final String OTHER = "other";

    /**
     * A connection that ended without a close frame (the client dropped it) counts as RFC 6455's 1006, the
     * code reserved for exactly that.
     */
    static CloseOutcome of(Integer closeCode, String closeReason) {
        if (closeCode == null) {
            return new CloseOutcome("1006", "dropped");
        }
        String code = closeCode >= 1000 && closeCode <= 1015 ? Integer.toString(closeCode) : OTHER;
        String reason = ErrorCode.fromClose(closeCode, closeReason).map(CloseOutcome::reasonLabel).orElse(OTHER);
        return new CloseOutcome(code, reason);
    }

    private static String reasonLabel(ErrorCode error) {
        if (error == ErrorCode.NORMAL_CLOSURE) {
            return "normal";
        }
        if (error == ErrorCode.SHUTDOWN) {
            return "shutdown";
        }
        return error.code();
    }
}
