package dev.earshot.protocol.flux;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.protocol.ClientMessages;
import dev.earshot.protocol.Quoting;
import dev.earshot.protocol.SchemaException;
import dev.earshot.protocol.flux.FluxClientMessage.CloseStream;
import dev.earshot.protocol.flux.FluxClientMessage.Configure;
import dev.earshot.protocol.flux.FluxClientMessage.ForceEndTurn;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * JSON for {@link FluxClientMessage}s, read on the server as v1's control messages are
 * ({@link ClientMessages#readTyped}).
 */
public final class FluxClientMessages {
    private static final String TYPES = "CloseStream, Configure, ForceEndTurn";

    private FluxClientMessages() {
    }

    public static FluxClientMessage parse(String text) throws SchemaException {
        JsonNode root = ClientMessages.readTyped(text, TYPES);
        return switch (root.get("type").asText()) {
            case "CloseStream" -> new CloseStream();
            case "ForceEndTurn" -> new ForceEndTurn();
            case "Configure" -> configure(root);
            default -> throw new SchemaException("Unknown message type '" + Quoting.clip(root.get("type").asText())
                    + "'; expected one of " + TYPES);
        };
    }

    private static Configure configure(JsonNode root) throws SchemaException {
        JsonNode thresholds = root.path("thresholds");
        if (!thresholds.isMissingNode() && !thresholds.isObject()) {
            throw new SchemaException("Configure \"thresholds\" must be an object");
        }
        JsonNode numerals = root.get("numerals");
        if (numerals != null && !numerals.isBoolean()) {
            throw new SchemaException("Configure \"numerals\" must be true or false");
        }
        return new Configure(number(thresholds, "eot_threshold"), number(thresholds, "eager_eot_threshold"),
                integer(thresholds, "eot_timeout_ms"), strings(root, "keyterms"), strings(root, "language_hints"),
                numerals == null ? Optional.empty() : Optional.of(numerals.asBoolean()));
    }

    private static OptionalDouble number(JsonNode parent, String name) throws SchemaException {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return OptionalDouble.empty();
        }
        if (!value.isNumber()) {
            throw new SchemaException("Configure \"" + name + "\" must be a number");
        }
        return OptionalDouble.of(value.asDouble());
    }

    private static OptionalInt integer(JsonNode parent, String name) throws SchemaException {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return OptionalInt.empty();
        }
        if (!value.isNumber() || !value.canConvertToInt() || value.asDouble() != value.asInt()) {
            throw new SchemaException("Configure \"" + name + "\" must be a whole number of milliseconds");
        }
        return OptionalInt.of(value.asInt());
    }

    private static Optional<List<String>> strings(JsonNode parent, String name) throws SchemaException {
        JsonNode value = parent.get(name);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isArray()) {
            throw new SchemaException("Configure \"" + name + "\" must be an array of strings");
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw new SchemaException("Configure \"" + name + "\" must be an array of strings");
            }
            items.add(item.asText());
        }
        return Optional.of(List.copyOf(items));
    }
}
