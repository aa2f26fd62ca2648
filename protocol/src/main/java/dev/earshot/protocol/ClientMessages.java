package dev.earshot.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.core.JsonFactory;
import dev.earshot.protocol.ClientMessage.CloseStream;
import dev.earshot.protocol.ClientMessage.Configure;
import dev.earshot.protocol.ClientMessage.Finalize;
import dev.earshot.protocol.ClientMessage.KeepAlive;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.OptionalInt;

/** JSON for {@link ClientMessage}s (live-api.md §3): parsing on the server, writing in clients. */
public final class ClientMessages {
    /** Control messages are tiny; deep nesting in one can only be an attack on the parser. */
    private static final int MAX_NESTING_DEPTH = 16;
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).build())
            .build()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // One frame is one message: '{"type":"KeepAlive"}{"type":"CloseStream"}' must not pass as a KeepAlive.
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final String TYPES = "KeepAlive, Finalize, CloseStream, Configure";

    private ClientMessages() {
    }

    /** Parses one text frame; anything that is not a known control message is a {@link SchemaException} saying why. */
    public static ClientMessage parse(String text) throws SchemaException {
        JsonNode root = readTyped(text, TYPES);
        JsonNode type = root.get("type");
        return switch (type.asText()) {
            case "KeepAlive" -> new KeepAlive();
            case "CloseStream" -> new CloseStream();
            case "Finalize" -> new Finalize(channel(root));
            case "Configure" -> ConfigureReader.read(root);
            default -> throw new SchemaException("Unknown message type '" + clip(type.asText())
                    + "'; expected one of " + TYPES);
        };
    }

    /**
     * One text frame as a JSON object with a string {@code type}: how every control message is read, on
     * {@code /v1/listen} and {@code /v2/listen} alike.
     *
     * @param expectedTypes the types the route knows, for the message when there is none
     */
    public static JsonNode readTyped(String text, String expectedTypes) throws SchemaException {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new SchemaException("Text message is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new SchemaException("Text message must be a JSON object with a \"type\" field");
        }
        JsonNode type = root.get("type");
        if (type == null || !type.isTextual()) {
            throw new SchemaException("Text message has no string \"type\" field; expected one of " + expectedTypes);
        }
        return root;
    }

    private static OptionalInt channel(JsonNode root) throws SchemaException {
        JsonNode channel = root.get("channel");
        if (channel == null || channel.isNull()) {
            return OptionalInt.empty();
        }
        if (!channel.canConvertToInt() || !channel.isIntegralNumber() || channel.asInt() < 0) {
            throw new SchemaException("Finalize \"channel\" must be a channel index >= 0");
        }
        return OptionalInt.of(channel.asInt());
    }

    public static String toJson(ClientMessage message) {
        if (message instanceof KeepAlive) {
            return "{\"type\":\"KeepAlive\"}";
        }
        if (message instanceof CloseStream) {
            return "{\"type\":\"CloseStream\"}";
        }
        if (message instanceof Finalize finalize) {
            return finalize.channel().isPresent()
                    ? "{\"type\":\"Finalize\",\"channel\":" + finalize.channel().getAsInt() + "}"
                    : "{\"type\":\"Finalize\"}";
        }
        if (message instanceof Configure configure) {
            return toJson(configure);
        }
        throw new IllegalArgumentException("unknown message " + message);
    }

    /** Only the documented fields: {@code otherFields} and {@code unreadable} describe a received message. */
    private static String toJson(Configure configure) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("type", "Configure");
            if (configure.keyterms().isPresent()) {
                json.writeArrayFieldStart("keyterms");
                for (String term : configure.keyterms().get()) {
                    json.writeString(term);
                }
                json.writeEndArray();
            }
            if (!configure.features().isEmpty()) {
                json.writeObjectFieldStart("features");
                for (Map.Entry<String, Boolean> feature : configure.features().entrySet()) {
                    json.writeBooleanField(feature.getKey(), feature.getValue());
                }
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static String clip(String text) {
        return Quoting.clip(text);
    }
}
