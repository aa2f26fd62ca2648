package dev.earshot.client;

import dev.earshot.protocol.ErrorBody;
import java.util.Optional;

/**
 * The server refused the WebSocket upgrade (live-api.md §1): its HTTP status, {@code dg-request-id},
 * {@code dg-error} and body, which most WebSocket libraries hide. A Deepgram-compatible server's body is
 * {@code {"err_code", "err_msg", "request_id"}} ({@link #errorBody()}); a proxy's may be anything.
 */
public final class HandshakeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String requestId;
    private final String dgError;
    private final String body;

    public HandshakeException(int status, String requestId, String dgError, String body) {
        super("HTTP " + status + (dgError == null ? "" : ": " + dgError)
                + (requestId == null ? "" : " (dg-request-id " + requestId + ")"));
        this.status = status;
        this.requestId = requestId;
        this.dgError = dgError;
        this.body = body == null ? "" : body;
    }

    public int status() {
        return status;
    }

    /** Null when the answer did not come from a Deepgram-compatible server (a proxy, say). */
    public String requestId() {
        return requestId;
    }

    /** Null when the server sent no {@code dg-error}. */
    public String dgError() {
        return dgError;
    }

    /** The response body as received; empty when there was none. */
    public String body() {
        return body;
    }

    /** The body read as a Deepgram error, when it is one. */
    public Optional<ErrorBody> errorBody() {
        return ErrorBody.parse(body);
    }
}
