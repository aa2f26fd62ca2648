package dev.earshot.server.transport;

import dev.earshot.protocol.ErrorBody;
import dev.earshot.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A request answered with an error instead of {@code 101} (live-api.md §1): the status, {@code dg-request-id},
 * {@code dg-error: <message>} and the JSON body {@code {err_code, err_msg, request_id}} with the same message.
 * OpenAI's route writes the same refusal in its own shape, with {@code param} (openai-api.md §3).
 *
 * @param param the request field at fault, when one is (OpenAI's errors name it); else null
 */
public record Refusal(ErrorCode code, String message, String param) {
    public static final String REQUEST_ID_HEADER = "dg-request-id";
    public static final String ERROR_HEADER = "dg-error";
    /** Seconds a client refused for load should wait: a stream slot frees up as soon as any stream ends. */
    static final int RETRY_AFTER_SECONDS = 1;

    public Refusal {
        message = headerSafe(message);
    }

    public Refusal(ErrorCode code, String message) {
        this(code, message, null);
    }

    /** The server is shutting down (503). */
    public static Refusal draining() {
        return new Refusal(ErrorCode.SERVICE_UNAVAILABLE, "The server is shutting down and accepts no new "
                + "requests. Please try again later");
    }

    /** Writes the refusal and completes the request. */
    public void write(Response response, Callback callback, String requestId) {
        write(response, callback, requestId, ErrorBody.of(code, message, requestId).toJson());
    }

    /** Writes the refusal's status and headers with {@code jsonBody}, the refusal in some API's shape. */
    public void write(Response response, Callback callback, String requestId, String jsonBody) {
        response.setStatus(code.httpStatus());
        response.getHeaders().put(REQUEST_ID_HEADER, requestId);
        response.getHeaders().put(ERROR_HEADER, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        if (code == ErrorCode.UPGRADE_REQUIRED) {
            response.getHeaders().put(HttpHeader.SEC_WEBSOCKET_VERSION, LiveUpgrade.WEBSOCKET_VERSION);
        }
        if (code == ErrorCode.TOO_MANY_REQUESTS || code == ErrorCode.SERVICE_UNAVAILABLE) {
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
        }
        response.write(true, ByteBuffer.wrap(jsonBody.getBytes(StandardCharsets.UTF_8)), callback);
    }

    /** A header carries printable ASCII only; the body repeats the same text, so both stay identical. */
    private static String headerSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            safe.append(c >= 0x20 && c < 0x7F ? c : '?');
        }
        return safe.toString();
    }
}
