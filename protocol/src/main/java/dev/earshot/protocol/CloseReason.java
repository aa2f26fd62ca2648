package dev.earshot.protocol;

/**
 * The code and reason of a WebSocket Close frame, e.g. {@code 1011 "NET-0001: no audio ..."}.
 * Build one with {@link ErrorCode#closeReason(String)} so the reason carries its code prefix.
 */
public record CloseReason(int code, String reason) {
    public CloseReason {
        if (reason == null) {
            reason = "";
        }
        if (Utf8.length(reason) > ErrorCode.MAX_CLOSE_REASON_BYTES) {
            throw new IllegalArgumentException("close reason over " + ErrorCode.MAX_CLOSE_REASON_BYTES
                    + " bytes: " + reason);
        }
    }

    /**
     * A close as a client received it: a non-conforming server may send a reason over the 123-byte limit,
     * which is cut rather than refused.
     */
    public static CloseReason received(int code, String reason) {
        return new CloseReason(code, reason == null ? "" : Utf8.truncate(reason, ErrorCode.MAX_CLOSE_REASON_BYTES));
    }

    /** What this close means in our catalogue, when it is one of ours or Deepgram's. */
    public java.util.Optional<ErrorCode> errorCode() {
        return ErrorCode.fromClose(code, reason);
    }

    @Override
    public String toString() {
        return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
    }
}
