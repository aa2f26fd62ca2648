package dev.earshot.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * The one catalogue of everything that can go wrong on {@code /v1/listen}, as the client sees it:
 * HTTP refusals of the upgrade (live-api.md §1) and Close frames that end a stream (live-api.md §5).
 *
 * <p>Stages name a failure by its code; only the transport turns a code into an HTTP response or a
 * Close frame, and clients parse a Close frame back into a code with {@link #fromClose}.
 */
public enum ErrorCode {
    // Upgrade refusals: HTTP status and the err_code of the JSON body (live-api.md §1).
    INVALID_QUERY_PARAMETER(Kind.HTTP, 400, "INVALID_QUERY_PARAMETER", "Invalid query parameter."),
    BAD_REQUEST(Kind.HTTP, 400, "Bad Request", "Bad Request."),
    INVALID_AUTH(Kind.HTTP, 401, "INVALID_AUTH", "Invalid credentials."),
    INSUFFICIENT_PERMISSIONS(Kind.HTTP, 403, "INSUFFICIENT_PERMISSIONS",
            "Project does not have access to the requested model."),
    NOT_FOUND(Kind.HTTP, 404, "NOT_FOUND", "Not found."),
    METHOD_NOT_ALLOWED(Kind.HTTP, 405, "METHOD_NOT_ALLOWED", "Method not allowed."),
    // A request head or body that did not arrive in time (too slowly, or not at all).
    REQUEST_TIMEOUT(Kind.HTTP, 408, "REQUEST_TIMEOUT", "The request did not arrive in time."),
    PAYLOAD_TOO_LARGE(Kind.HTTP, 413, "PAYLOAD_TOO_LARGE", "The request body is too large."),
    // Raised by the HTTP layer itself, before the request reaches /v1/listen: a URI or headers over its limits.
    URI_TOO_LONG(Kind.HTTP, 414, "URI_TOO_LONG", "The request URI is too long."),
    HEADERS_TOO_LARGE(Kind.HTTP, 431, "REQUEST_HEADER_FIELDS_TOO_LARGE", "The request headers are too large."),
    // RFC 6455 §4.4: a WebSocket version the server does not speak (it speaks 13).
    UPGRADE_REQUIRED(Kind.HTTP, 426, "UPGRADE_REQUIRED", "Unsupported WebSocket version: this server speaks 13."),
    TOO_MANY_REQUESTS(Kind.HTTP, 429, "TOO_MANY_REQUESTS", "Too many requests. Please try again later"),
    INTERNAL_SERVER_ERROR(Kind.HTTP, 500, "INTERNAL_SERVER_ERROR", "The server failed to process the request."),
    SERVICE_UNAVAILABLE(Kind.HTTP, 503, "SERVICE_UNAVAILABLE", "Please try again later"),

    // Close frames: code and the reason's prefix (live-api.md §5).
    NORMAL_CLOSURE(Kind.CLOSE, 1000, "", ""),
    SHUTDOWN(Kind.CLOSE, 1001, "SHUTDOWN", "the server is shutting down"),
    UNDECODABLE_AUDIO(Kind.CLOSE, 1008, "DATA-0000", "the payload cannot be decoded as audio"),
    FRAME_TOO_LARGE(Kind.CLOSE, 1009, "DATA-0001", "the frame is larger than the maximum frame size"),
    NO_RESULT_IN_TIME(Kind.CLOSE, 1011, "NET-0000",
            "the service did not produce a result within the timeout window"),
    NO_AUDIO_IN_TIME(Kind.CLOSE, 1011, "NET-0001",
            "no audio or text message received within the timeout window");

    /** RFC 6455 §5.5: a control frame's payload is at most 125 bytes, two of them the close code. */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    private enum Kind { HTTP, CLOSE }

    private final Kind kind;
    private final int number;
    private final String code;
    private final String defaultMessage;

    ErrorCode(Kind kind, int number, String code, String defaultMessage) {
        this.kind = kind;
        this.number = number;
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    public boolean isHttp() {
        return kind == Kind.HTTP;
    }

    public boolean isClose() {
        return kind == Kind.CLOSE;
    }

    /** The HTTP status of an upgrade refusal. */
    public int httpStatus() {
        if (!isHttp()) {
            throw new IllegalStateException(this + " is a close code, not an HTTP status");
        }
        return number;
    }

    /** The WebSocket close code. */
    public int closeCode() {
        if (!isClose()) {
            throw new IllegalStateException(this + " is an HTTP status, not a close code");
        }
        return number;
    }

    /** {@code err_code} of an HTTP refusal, or the prefix of a close reason ({@code NET-0001}). */
    public String code() {
        return code;
    }

    /** A sentence that describes the failure when nothing more specific is known. */
    public String defaultMessage() {
        return defaultMessage;
    }

    /**
     * The Close frame for this failure: reason {@code "<CODE>: <sentence>"}, cut to fit the
     * 123-byte limit of a close frame without splitting a character.
     */
    public CloseReason closeReason(String sentence) {
        if (this == NORMAL_CLOSURE) {
            return new CloseReason(closeCode(), "");
        }
        String text = sentence == null || sentence.isBlank() ? defaultMessage : sentence;
        return new CloseReason(closeCode(), Utf8.truncate(code + ": " + text, MAX_CLOSE_REASON_BYTES));
    }

    /** The HTTP refusal code with this status and {@code err_code}, if it is one of ours. */
    public static Optional<ErrorCode> fromHttp(int status, String errCode) {
        for (ErrorCode candidate : values()) {
            if (candidate.isHttp() && candidate.number == status && candidate.code.equals(errCode)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Parses a received Close frame back into the catalogue: code and reason prefix must both match
     * ({@code 1011 "NET-0001: ..."}). Deepgram's own reasons ({@code "Deepgram did not receive audio
     * data ... https://dpgr.am/net0001"}) name the code only in the link, so that form is matched too.
     */
    public static Optional<ErrorCode> fromClose(int closeCode, String reason) {
        String text = reason == null ? "" : reason;
        String lower = text.toLowerCase(Locale.ROOT);
        for (ErrorCode candidate : values()) {
            if (!candidate.isClose() || candidate.number != closeCode) {
                continue;
            }
            if (candidate == NORMAL_CLOSURE) {
                return Optional.of(candidate);
            }
            String link = "dpgr.am/" + candidate.code.toLowerCase(Locale.ROOT).replace("-", "");
            if (text.startsWith(candidate.code) || lower.contains(link)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
