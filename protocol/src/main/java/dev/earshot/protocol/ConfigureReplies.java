package dev.earshot.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.protocol.ServerMessage.ConfigureFailureMessage;
import dev.earshot.protocol.ServerMessage.ConfigureSuccessMessage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON of the answers to Configure (live-api.md §3), in the key order of Deepgram's:
 * {@code {"type":"ConfigureSuccess","request_id":"…","features":{…}}} and
 * {@code {"type":"ConfigureFailure","request_id":"…","code":"…","description":"…"}}.
 */
final class ConfigureReplies {
    private ConfigureReplies() {
    }

    static void write(JsonGenerator json, ServerMessage reply) throws IOException {
        json.writeStartObject();
        if (reply instanceof ConfigureSuccessMessage success) {
            json.writeStringField("type", "ConfigureSuccess");
            json.writeStringField("request_id", success.requestId());
            json.writeObjectFieldStart("features");
            for (Map.Entry<String, Boolean> feature : success.features().entrySet()) {
                json.writeBooleanField(feature.getKey(), feature.getValue());
            }
            json.writeEndObject();
        } else if (reply instanceof ConfigureFailureMessage failure) {
            json.writeStringField("type", "ConfigureFailure");
            json.writeStringField("request_id", failure.requestId());
            json.writeStringField("code", failure.code());
            json.writeStringField("description", failure.description());
        } else {
            throw new IllegalArgumentException("not a Configure reply: " + reply);
        }
        json.writeEndObject();
    }

    static ServerMessage parse(JsonNode root) {
        String requestId = root.path("request_id").asText("");
        if (root.path("type").asText("").equals("ConfigureFailure")) {
            return new ConfigureFailureMessage(requestId, root.path("code").asText(""),
                    root.path("description").asText(""));
        }
        Map<String, Boolean> features = new LinkedHashMap<>();
        root.path("features").fields().forEachRemaining(f -> features.put(f.getKey(), f.getValue().asBoolean()));
        return new ConfigureSuccessMessage(requestId, features);
    }
}
