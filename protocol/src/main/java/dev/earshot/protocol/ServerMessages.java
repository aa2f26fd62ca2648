package dev.earshot.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.ConfigureFailureMessage;
import dev.earshot.protocol.ServerMessage.ConfigureSuccessMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.Hit;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ModelInfo;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.protocol.ServerMessage.Search;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.ServerMessage.UtteranceEndMessage;
import dev.earshot.protocol.ServerMessage.Warning;
import dev.earshot.protocol.ServerMessage.Word;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for {@link ServerMessage}s with Deepgram's field names and key order (live-api.md §4).
 * Written field by field with a streaming generator: the order is part of the contract, and this is on
 * the hot path of every stream, so no reflection.
 */
public final class ServerMessages {
    private static final JsonFactory JSON = new JsonFactory();
    private static final ObjectMapper READER = new ObjectMapper(JSON);
    /** Metadata's {@code created}: ISO-8601 UTC with exactly three fraction digits, as Deepgram sends it. */
    private static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ServerMessages() {
    }

    public static String toJson(ServerMessage message) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            if (message instanceof ResultsMessage results) {
                writeResults(json, results);
            } else if (message instanceof MetadataMessage metadata) {
                writeMetadata(json, metadata);
            } else if (message instanceof SpeechStartedMessage started) {
                json.writeStartObject();
                json.writeStringField("type", "SpeechStarted");
                writeChannel(json, "channel", started.channelIndex(), started.channelCount());
                json.writeNumberField("timestamp", started.timestamp());
                json.writeEndObject();
            } else if (message instanceof UtteranceEndMessage end) {
                json.writeStartObject();
                json.writeStringField("type", "UtteranceEnd");
                writeChannel(json, "channel", end.channelIndex(), end.channelCount());
                json.writeNumberField("last_word_end", end.lastWordEnd());
                json.writeEndObject();
            } else if (message instanceof ConfigureSuccessMessage || message instanceof ConfigureFailureMessage) {
                ConfigureReplies.write(json, message);
            } else if (message instanceof ErrorMessage error) {
                json.writeStartObject();
                json.writeStringField("type", "Error");
                json.writeStringField("variant", error.variant());
                json.writeStringField("description", error.description());
                json.writeStringField("message", error.message());
                json.writeEndObject();
            } else {
                throw new IllegalArgumentException("unknown message " + message);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeResults(JsonGenerator json, ResultsMessage results) throws IOException {
        json.writeStartObject();
        json.writeStringField("type", "Results");
        writeChannel(json, "channel_index", results.channelIndex(), results.channelCount());
        json.writeNumberField("duration", results.duration());
        json.writeNumberField("start", results.start());
        json.writeBooleanField("is_final", results.isFinal());
        json.writeBooleanField("speech_final", results.speechFinal());
        json.writeObjectFieldStart("channel");
        writeSearch(json, results.search());
        json.writeArrayFieldStart("alternatives");
        writeAlternative(json, results.alternative(), null);
        json.writeEndArray();
        json.writeEndObject();
        ResultsMetadata metadata = results.metadata();
        json.writeObjectFieldStart("metadata");
        json.writeStringField("request_id", metadata.requestId());
        json.writeFieldName("model_info");
        writeModelInfo(json, metadata.modelInfo());
        json.writeStringField("model_uuid", metadata.modelUuid());
        writeExtra(json, metadata.extra());
        json.writeEndObject();
        json.writeBooleanField("from_finalize", results.fromFinalize());
        json.writeEndObject();
    }

    /** {@code "search": [{query, hits: [{confidence, start, end, snippet}]}]}, left out when nothing was searched. */
    static void writeSearch(JsonGenerator json, List<Search> search) throws IOException {
        if (search.isEmpty()) {
            return;
        }
        json.writeArrayFieldStart("search");
        for (Search term : search) {
            json.writeStartObject();
            json.writeStringField("query", term.query());
            json.writeArrayFieldStart("hits");
            for (Hit hit : term.hits()) {
                json.writeStartObject();
                json.writeNumberField("confidence", hit.confidence());
                json.writeNumberField("start", hit.start());
                json.writeNumberField("end", hit.end());
                json.writeStringField("snippet", hit.snippet());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    /** More fields of an alternative (the pre-recorded {@code paragraphs}), written after its words. */
    interface Extra {
        void write(JsonGenerator json) throws IOException;
    }

    static void writeAlternative(JsonGenerator json, Alternative alternative, Extra extra) throws IOException {
        json.writeStartObject();
        json.writeStringField("transcript", alternative.transcript());
        json.writeNumberField("confidence", alternative.confidence());
        json.writeArrayFieldStart("words");
        for (Word word : alternative.words()) {
            writeWord(json, word);
        }
        json.writeEndArray();
        if (extra != null) {
            extra.write(json);
        }
        json.writeEndObject();
    }

    static void writeWord(JsonGenerator json, Word word) throws IOException {
        json.writeStartObject();
        json.writeStringField("word", word.word());
        json.writeNumberField("start", word.start());
        json.writeNumberField("end", word.end());
        json.writeNumberField("confidence", word.confidence());
        if (word.punctuatedWord() != null) {
            json.writeStringField("punctuated_word", word.punctuatedWord());
        }
        json.writeEndObject();
    }

    private static void writeMetadata(JsonGenerator json, MetadataMessage metadata) throws IOException {
        writeMetadataFields(json, metadata, true);
    }

    /** The Metadata object; the pre-recorded response's {@code metadata} is the same without {@code type}. */
    static void writeMetadataFields(JsonGenerator json, MetadataMessage metadata, boolean withType) throws IOException {
        json.writeStartObject();
        if (withType) {
            json.writeStringField("type", "Metadata");
        }
        json.writeStringField("transaction_key", "deprecated");
        json.writeStringField("request_id", metadata.requestId());
        json.writeStringField("sha256", metadata.sha256());
        json.writeStringField("created", CREATED.format(metadata.created()));
        json.writeNumberField("duration", metadata.duration());
        json.writeNumberField("channels", metadata.channels());
        json.writeArrayFieldStart("models");
        json.writeString(metadata.modelUuid());
        json.writeEndArray();
        json.writeObjectFieldStart("model_info");
        json.writeFieldName(metadata.modelUuid());
        writeModelInfo(json, metadata.modelInfo());
        json.writeEndObject();
        if (!metadata.warnings().isEmpty()) {
            json.writeArrayFieldStart("warnings");
            for (Warning warning : metadata.warnings()) {
                json.writeStartObject();
                json.writeStringField("parameter", warning.parameter());
                json.writeStringField("type", warning.type());
                json.writeStringField("message", warning.message());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        writeExtra(json, metadata.extra());
        json.writeEndObject();
    }

    private static void writeModelInfo(JsonGenerator json, ModelInfo info) throws IOException {
        json.writeStartObject();
        json.writeStringField("name", info.name());
        json.writeStringField("version", info.version());
        json.writeStringField("arch", info.arch());
        json.writeEndObject();
    }

    private static void writeChannel(JsonGenerator json, String field, int index, int count) throws IOException {
        json.writeArrayFieldStart(field);
        json.writeNumber(index);
        json.writeNumber(count);
        json.writeEndArray();
    }

    private static void writeExtra(JsonGenerator json, Map<String, String> extra) throws IOException {
        if (extra.isEmpty()) {
            return;
        }
        json.writeObjectFieldStart("extra");
        for (Map.Entry<String, String> entry : extra.entrySet()) {
            json.writeStringField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
    }

    /**
     * Reads a server message (for clients and tests). Unknown message types are a {@link SchemaException},
     * so a client can skip them as the official SDKs do.
     */
    public static ServerMessage parse(String text) throws SchemaException {
        JsonNode root;
        try {
            root = READER.readTree(text);
        } catch (IOException e) {
            throw new SchemaException("not JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new SchemaException("not a JSON object");
        }
        String type = root.path("type").asText("");
        return switch (type) {
            case "Results" -> parseResults(root);
            case "Metadata" -> parseMetadata(root);
            case "SpeechStarted" -> new SpeechStartedMessage(root.path("channel").path(0).asInt(),
                    root.path("channel").path(1).asInt(1), root.path("timestamp").asDouble());
            case "UtteranceEnd" -> new UtteranceEndMessage(root.path("channel").path(0).asInt(),
                    root.path("channel").path(1).asInt(1), root.path("last_word_end").asDouble());
            case "ConfigureSuccess", "ConfigureFailure" -> ConfigureReplies.parse(root);
            case "Error" -> new ErrorMessage(root.path("variant").asText(""), root.path("description").asText(""),
                    root.path("message").asText(""));
            default -> throw new SchemaException("unknown message type '" + type + "'");
        };
    }

    private static ResultsMessage parseResults(JsonNode root) {
        JsonNode alternative = root.path("channel").path("alternatives").path(0);
        List<Word> words = new ArrayList<>();
        for (JsonNode word : alternative.path("words")) {
            words.add(new Word(word.path("word").asText(), word.path("start").asDouble(), word.path("end").asDouble(),
                    word.path("confidence").asDouble(),
                    word.has("punctuated_word") ? word.path("punctuated_word").asText() : null));
        }
        List<Search> search = new ArrayList<>();
        for (JsonNode term : root.path("channel").path("search")) {
            List<Hit> hits = new ArrayList<>();
            for (JsonNode hit : term.path("hits")) {
                hits.add(new Hit(hit.path("confidence").asDouble(), hit.path("start").asDouble(),
                        hit.path("end").asDouble(), hit.path("snippet").asText("")));
            }
            search.add(new Search(term.path("query").asText(""), hits));
        }
        JsonNode metadata = root.path("metadata");
        return new ResultsMessage(root.path("channel_index").path(0).asInt(),
                root.path("channel_index").path(1).asInt(1), root.path("start").asDouble(),
                root.path("duration").asDouble(), root.path("is_final").asBoolean(),
                root.path("speech_final").asBoolean(),
                new Alternative(alternative.path("transcript").asText(""), alternative.path("confidence").asDouble(),
                        words),
                new ResultsMetadata(metadata.path("request_id").asText(""), modelInfo(metadata.path("model_info")),
                        metadata.path("model_uuid").asText(""), strings(metadata.path("extra"))),
                root.path("from_finalize").asBoolean(), search);
    }

    private static MetadataMessage parseMetadata(JsonNode root) {
        String uuid = root.path("models").path(0).asText("");
        List<Warning> warnings = new ArrayList<>();
        for (JsonNode warning : root.path("warnings")) {
            warnings.add(new Warning(warning.path("parameter").asText(), warning.path("type").asText(),
                    warning.path("message").asText()));
        }
        Instant created;
        try {
            created = Instant.parse(root.path("created").asText());
        } catch (RuntimeException e) {
            created = Instant.EPOCH;
        }
        return new MetadataMessage(root.path("request_id").asText(""), root.path("sha256").asText(""), created,
                root.path("duration").asDouble(), root.path("channels").asInt(), uuid,
                modelInfo(root.path("model_info").path(uuid)), warnings, strings(root.path("extra")));
    }

    private static ModelInfo modelInfo(JsonNode node) {
        return new ModelInfo(node.path("name").asText(""), node.path("version").asText(""),
                node.path("arch").asText(""));
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
