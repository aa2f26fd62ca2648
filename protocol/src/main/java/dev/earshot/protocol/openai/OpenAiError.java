package dev.earshot.protocol.openai;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.protocol.ErrorCode;
import java.util.Locale;
import java.util.Map;

/**
 * A refusal in OpenAI's shape, {@code {"error": {"message", "type", "param", "code"}}} (openai-api.md §3), made
 * from the one catalogue: the status and the failure are the {@link ErrorCode}'s; only the names differ.
 * {@code param} and {@code code} are written as null when there is none, as OpenAI does.
 */
@JsonPropertyOrder({"message", "type", "param", "code"})
public record OpenAiError(String message, String type, String param, String code) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param param the request field at fault, or null
     */
    public static OpenAiError of(ErrorCode failure, String message, String param) {
        return new OpenAiError(message, type(failure), param, code(failure));
    }

    /** OpenAI's error types: a client's mistake, a full server, or the server's own failure. */
    static String type(ErrorCode failure) {
        int status = failure.httpStatus();
        if (status == 429) {
            return "rate_limit_error";
        }
        return status >= 500 ? "server_error" : "invalid_request_error";
    }

    /** OpenAI's own code where it has one a client may test for; else the catalogue's, in lower case. */
    static String code(ErrorCode failure) {
        return switch (failure) {
            case INVALID_AUTH -> "invalid_api_key";
            case TOO_MANY_REQUESTS -> "rate_limit_exceeded";
            case INVALID_QUERY_PARAMETER -> "invalid_value";
            case BAD_REQUEST -> "invalid_request";
            default -> failure.code().toLowerCase(Locale.ROOT);
        };
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(Map.of("error", this));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an error record always serialises", e);
        }
    }
}
