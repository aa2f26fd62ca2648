package dev.earshot.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.earshot.protocol.ClientMessage.Configure;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a {@code Configure} message (live-api.md §3): {@code {"type":"Configure","keyterms":[...],
 * "features":{"numerals":true}}}, the shape of Deepgram's v1 Configure. Parts of another shape are noted, not
 * thrown, so the session can answer every Configure with a ConfigureFailure that says what was wrong.
 */
final class ConfigureReader {
    private ConfigureReader() {
    }

    static Configure read(JsonNode root) {
        List<String> unreadable = new ArrayList<>();
        List<String> otherFields = new ArrayList<>();
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("type", "keyterms", "features").contains(name)) {
                otherFields.add(Quoting.clip(name));
            }
        }
        return new Configure(keyterms(root.get("keyterms"), unreadable), features(root.get("features"), unreadable),
                otherFields, unreadable);
    }

    /** Absent or null keeps the current keyterms, as on Deepgram; otherwise an array of strings. */
    private static Optional<List<String>> keyterms(JsonNode node, List<String> unreadable) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        List<String> terms = new ArrayList<>();
        if (node.isArray()) {
            for (JsonNode term : node) {
                if (!term.isTextual()) {
                    unreadable.add("\"keyterms\" must be an array of strings");
                    return Optional.of(terms);
                }
                terms.add(term.asText());
            }
        } else {
            unreadable.add("\"keyterms\" must be an array of strings, or null to keep the current ones");
        }
        return Optional.of(terms);
    }

    /** An object of feature names to booleans; absent or null changes none. */
    private static Map<String, Boolean> features(JsonNode node, List<String> unreadable) {
        Map<String, Boolean> features = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return features;
        }
        if (!node.isObject()) {
            unreadable.add("\"features\" must be an object of feature names to true or false");
            return features;
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = Quoting.clip(field.getKey());
            if (field.getValue().isBoolean()) {
                features.put(name, field.getValue().booleanValue());
            } else {
                unreadable.add("feature '" + name + "' must be true or false");
            }
        }
        return features;
    }
}
