package dev.earshot.client;

/**
 * The server refused the WebSocket upgrade: its HTTP status, request id and {@code dg-error} message
 * (live-api.md §1), which most WebSocket libraries hide.
 */
public final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String requestId;
    private final String dgError;

    public HandshakeException(int status, String requestId, String dgError) {
        super("HTTP " + status + (dgError == null ? "" : ": " + dgError)
                + (requestId == null ? "" : " (dg-request-id " + requestId + ")"));
        this.status = status;
        this.requestId = requestId;
        this.dgError = dgError;
    }

    public int status() {
        return status;
    }

    /** May be null when the answer did not come from a Deepgram-compatible server. */
    public String requestId() {
        return requestId;
    }

    public String dgError() {
        return dgError;
    }
}
