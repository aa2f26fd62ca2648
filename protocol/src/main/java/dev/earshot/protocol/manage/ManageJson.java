package dev.earshot.protocol.manage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.UncheckedIOException;

/**
 * JSON for the management API's shapes: record components in camel case are written in Deepgram's snake case
 * ({@code requestId} → {@code request_id}). Unknown fields are ignored on reading, as the SDKs do.
 */
public final class ManageJson {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ManageJson() {
    }

    public static String write(Object shape) {
        try {
            return JSON.writeValueAsString(shape);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static <T> T read(String json, Class<T> shape) throws JsonProcessingException {
        return JSON.readValue(json, shape);
    }
}
