package dev.earshot.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The JSON body of a refused request, {@code {"err_code", "err_msg", "request_id"}} (live-api.md §1).
 * {@code err_msg} equals the {@code dg-error} header.
 */
public record ErrorBody(String errCode, String errMsg, String requestId) {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper(JSON);

    public static ErrorBody of(ErrorCode code, String message, String requestId) {
        return new ErrorBody(code.code(), message, requestId);
    }

    public String toJson() {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("err_code", errCode);
            json.writeStringField("err_msg", errMsg);
            json.writeStringField("request_id", requestId);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Reads a refusal body; empty when the text is not one (a proxy's HTML page, say). */
    public static Optional<ErrorBody> parse(String text) {
        try {
            JsonNode root = READER.readTree(text);
            if (root == null || !root.isObject() || !root.has("err_code")) {
                return Optional.empty();
            }
            return Optional.of(new ErrorBody(root.path("err_code").asText(), root.path("err_msg").asText(),
                    root.path("request_id").asText()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
