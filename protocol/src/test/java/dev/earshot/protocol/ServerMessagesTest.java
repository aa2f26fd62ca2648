package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ModelInfo;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.ServerMessage.UtteranceEndMessage;
import dev.earshot.protocol.ServerMessage.Warning;
import dev.earshot.protocol.ServerMessage.Word;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** live-api.md §4: exact JSON text of every server message, key order included. */
@Timeout(10)
class ServerMessagesTest {
    private static final ModelInfo MODEL = new ModelInfo("vosk-small", "0.3.45", "kaldi");
    private static final String MODEL_JSON = "{\"name\":\"vosk-small\",\"version\":\"0.3.45\",\"arch\":\"kaldi\"}";
    private static final String REQUEST = "8b6bd2f4-4c34-4c5e-9d3a-1f9a0a3c1b2e";
    private static final String UUID = "0b9c2c3e-1111-4222-8333-444455556666";
    private static final ResultsMetadata METADATA = new ResultsMetadata(REQUEST, MODEL, UUID, Map.of());

    private static ResultsMessage helloWorld(ResultsMetadata metadata) {
        return new ResultsMessage(0, 1, 0.0, 1.98, true, true,
                new Alternative("Hello world.", 0.97, List.of(
                        new Word("hello", 0.12, 0.48, 0.98, "Hello"),
                        new Word("world", 0.56, 0.9, 0.96, "world."))),
                metadata, false);
    }

    @Test
    void resultsHaveTheSpecKeyOrder() {
        assertThat(ServerMessages.toJson(helloWorld(METADATA))).isEqualTo("{\"type\":\"Results\",\"channel_index\":[0,1],"
                + "\"duration\":1.98,\"start\":0.0,\"is_final\":true,\"speech_final\":true,"
                + "\"channel\":{\"alternatives\":[{\"transcript\":\"Hello world.\",\"confidence\":0.97,\"words\":["
                + "{\"word\":\"hello\",\"start\":0.12,\"end\":0.48,\"confidence\":0.98,\"punctuated_word\":\"Hello\"},"
                + "{\"word\":\"world\",\"start\":0.56,\"end\":0.9,\"confidence\":0.96,\"punctuated_word\":\"world.\"}]}]},"
                + "\"metadata\":{\"request_id\":\"" + REQUEST + "\",\"model_info\":" + MODEL_JSON
                + ",\"model_uuid\":\"" + UUID + "\"},\"from_finalize\":false}");
    }

    @Test
    void punctuatedWordIsOmittedWhenNull() {
        ResultsMessage results = new ResultsMessage(1, 2, 3.5, 0.5, false, false,
                new Alternative("hi", 0.5, List.of(new Word("hi", 3.6, 3.9, 0.5, null))), METADATA, false);
        assertThat(ServerMessages.toJson(results)).isEqualTo("{\"type\":\"Results\",\"channel_index\":[1,2],"
                + "\"duration\":0.5,\"start\":3.5,\"is_final\":false,\"speech_final\":false,"
                + "\"channel\":{\"alternatives\":[{\"transcript\":\"hi\",\"confidence\":0.5,\"words\":["
                + "{\"word\":\"hi\",\"start\":3.6,\"end\":3.9,\"confidence\":0.5}]}]},"
                + "\"metadata\":{\"request_id\":\"" + REQUEST + "\",\"model_info\":" + MODEL_JSON
                + ",\"model_uuid\":\"" + UUID + "\"},\"from_finalize\":false}");
    }

    @Test
    void emptyTranscriptIsLegal() {
        ResultsMessage results = new ResultsMessage(0, 1, 2.0, 1.0, true, false, Alternative.EMPTY, METADATA, true);
        assertThat(ServerMessages.toJson(results)).contains(
                "\"channel\":{\"alternatives\":[{\"transcript\":\"\",\"confidence\":0.0,\"words\":[]}]}")
                .endsWith(",\"from_finalize\":true}");
    }

    @Test
    void extraAppearsAfterModelUuidOnlyWhenGiven() {
        String json = ServerMessages.toJson(helloWorld(new ResultsMetadata(REQUEST, MODEL, UUID, Map.of("job", "7"))));
        assertThat(json).contains("\"model_uuid\":\"" + UUID + "\",\"extra\":{\"job\":\"7\"}},\"from_finalize\":false}");
        assertThat(ServerMessages.toJson(helloWorld(METADATA))).doesNotContain("extra");
    }

    @Test
    void timesAreRoundedToTheMillisecondAndConfidencesToFourPlaces() {
        ResultsMessage results = new ResultsMessage(0, 1, 1.23456, 0.98766, true, false,
                new Alternative("x", 0.876543, List.of(new Word("x", 1.23449, 1.9996, 0.123456, null))), METADATA,
                false);
        String json = ServerMessages.toJson(results);
        assertThat(json).contains("\"duration\":0.988,\"start\":1.235,")
                .contains("\"transcript\":\"x\",\"confidence\":0.8765,")
                .contains("{\"word\":\"x\",\"start\":1.234,\"end\":2.0,\"confidence\":0.1235}");
        assertThat(new SpeechStartedMessage(0, 1, 9.5449).timestamp()).isEqualTo(9.545);
        assertThat(new UtteranceEndMessage(0, 1, 2.3904).lastWordEnd()).isEqualTo(2.39);
        assertThat(new MetadataMessage(REQUEST, "", Instant.EPOCH, 12.3456, 1, UUID, MODEL, List.of(), Map.of())
                .duration()).isEqualTo(12.346);
    }

    @Test
    void speechFinalImpliesIsFinal() {
        assertThatThrownBy(() -> new ResultsMessage(0, 1, 0, 1, false, true, Alternative.EMPTY, METADATA, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("speech_final");
    }

    @Test
    void metadataHasTheSpecKeyOrderAndCreatedWithMillis() {
        MetadataMessage metadata = new MetadataMessage(REQUEST, "ab".repeat(32),
                Instant.parse("2026-11-24T03:00:00.123456789Z"), 12.34, 1, UUID, MODEL, List.of(), Map.of());
        assertThat(ServerMessages.toJson(metadata)).isEqualTo("{\"type\":\"Metadata\",\"transaction_key\":\"deprecated\","
                + "\"request_id\":\"" + REQUEST + "\",\"sha256\":\"" + "ab".repeat(32) + "\","
                + "\"created\":\"2026-11-24T03:00:00.123Z\",\"duration\":12.34,\"channels\":1,"
                + "\"models\":[\"" + UUID + "\"],\"model_info\":{\"" + UUID + "\":" + MODEL_JSON + "}}");
    }

    @Test
    void createdAlwaysHasThreeMillisecondDigits() {
        // live-api.md §4: "created":"2026-11-24T03:00:00.000Z" -- millis are written even when they are zero.
        MetadataMessage onTheSecond = new MetadataMessage(REQUEST, "", Instant.parse("2026-11-24T03:00:00Z"), 0, 0, UUID,
                MODEL, List.of(), Map.of());
        assertThat(ServerMessages.toJson(onTheSecond)).contains("\"created\":\"2026-11-24T03:00:00.000Z\"");
        MetadataMessage tenthOfASecond = new MetadataMessage(REQUEST, "", Instant.parse("2026-11-24T03:00:00.1Z"), 0, 0,
                UUID, MODEL, List.of(), Map.of());
        assertThat(ServerMessages.toJson(tenthOfASecond)).contains("\"created\":\"2026-11-24T03:00:00.100Z\"");
    }

    @Test
    void metadataWarningsAndExtraOnlyWhenNonEmpty() {
        MetadataMessage metadata = new MetadataMessage(REQUEST, "00", Instant.parse("2026-01-02T03:04:05.006Z"), 0.0, 0,
                UUID, MODEL, List.of(new Warning("diarize", Warning.UNSUPPORTED_FEATURE, "diarize is not supported")),
                Map.of("job", "7"));
        assertThat(ServerMessages.toJson(metadata)).isEqualTo("{\"type\":\"Metadata\",\"transaction_key\":\"deprecated\","
                + "\"request_id\":\"" + REQUEST + "\",\"sha256\":\"00\",\"created\":\"2026-01-02T03:04:05.006Z\","
                + "\"duration\":0.0,\"channels\":0,\"models\":[\"" + UUID + "\"],\"model_info\":{\"" + UUID + "\":"
                + MODEL_JSON + "},\"warnings\":[{\"parameter\":\"diarize\",\"type\":\"UNSUPPORTED_FEATURE\","
                + "\"message\":\"diarize is not supported\"}],\"extra\":{\"job\":\"7\"}}");
    }

    @Test
    void speechStarted() {
        assertThat(ServerMessages.toJson(new SpeechStartedMessage(0, 1, 9.54)))
                .isEqualTo("{\"type\":\"SpeechStarted\",\"channel\":[0,1],\"timestamp\":9.54}");
    }

    @Test
    void utteranceEnd() {
        assertThat(ServerMessages.toJson(new UtteranceEndMessage(1, 2, 2.39)))
                .isEqualTo("{\"type\":\"UtteranceEnd\",\"channel\":[1,2],\"last_word_end\":2.39}");
    }

    @Test
    void schemaError() {
        ErrorMessage error = ErrorMessage.schemaError("Unknown message type 'Reconfigure'", "{\"type\":\"Reconfigure\"}");
        assertThat(ServerMessages.toJson(error)).isEqualTo("{\"type\":\"Error\",\"variant\":\"SchemaError\","
                + "\"description\":\"Unknown message type 'Reconfigure'\",\"message\":\"{\\\"type\\\":\\\"Reconfigure\\\"}\"}");
    }

    @Test
    void schemaErrorQuotesAtMostTwoHundredCharacters() {
        String text = "0123456789".repeat(30);
        assertThat(ErrorMessage.schemaError("why", text).message()).isEqualTo(text.substring(0, 200));
        assertThat(ErrorMessage.schemaError("why", "short").message()).isEqualTo("short");
        assertThat(ErrorMessage.schemaError("why", "x".repeat(200)).message()).hasSize(200);
    }

    @Test
    void schemaErrorClipNeverLeavesHalfASurrogatePair() {
        // A text frame is UTF-8 (RFC 6455 §5.6); a lone surrogate cannot be encoded and would arrive as '?'.
        String text = "a".repeat(199) + "\uD83D\uDE00" + "tail";
        String quoted = ErrorMessage.schemaError("why", text).message();
        assertThat(Character.isHighSurrogate(quoted.charAt(quoted.length() - 1))).as("ends in a lone high surrogate")
                .isFalse();
        assertThat(new String(quoted.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo(quoted);
    }

    @Test
    void everyMessageRoundTrips() throws Exception {
        List<ServerMessage> messages = List.of(
                helloWorld(METADATA),
                helloWorld(new ResultsMetadata(REQUEST, MODEL, UUID, Map.of("a", "1", "b", "2"))),
                new ResultsMessage(1, 2, 3.5, 0.25, false, false, Alternative.EMPTY, METADATA, false),
                new ResultsMessage(0, 1, 3.5, 0.25, true, false,
                        new Alternative("x", 0.5, List.of(new Word("x", 3.5, 3.6, 0.5, null))), METADATA, true),
                new MetadataMessage(REQUEST, "ff", Instant.parse("2026-11-24T03:00:00.250Z"), 12.34, 2, UUID, MODEL,
                        List.of(new Warning("tier", Warning.UNSUPPORTED_FEATURE, "ignored")), Map.of("k", "v")),
                new MetadataMessage(REQUEST, "", Instant.parse("2026-11-24T03:00:00.001Z"), 0, 0, UUID, MODEL,
                        List.of(), Map.of()),
                new SpeechStartedMessage(1, 2, 9.54),
                new UtteranceEndMessage(0, 1, 2.39),
                ErrorMessage.schemaError("bad", "{\"type\":\"Nope\"}"));
        for (ServerMessage message : messages) {
            assertThat(ServerMessages.parse(ServerMessages.toJson(message))).as(message.toString()).isEqualTo(message);
        }
    }

    @Test
    void parseRejectsUnknownTypesAndNonObjects() {
        assertThat(catchThrowableOfType(SchemaException.class,
                () -> ServerMessages.parse("{\"type\":\"Warning\",\"x\":1}")).getMessage())
                .isEqualTo("unknown message type 'Warning'");
        assertThat(catchThrowableOfType(SchemaException.class, () -> ServerMessages.parse("{}")).getMessage())
                .isEqualTo("unknown message type ''");
        assertThat(catchThrowableOfType(SchemaException.class, () -> ServerMessages.parse("[1]")).getMessage())
                .isEqualTo("not a JSON object");
        assertThat(catchThrowableOfType(SchemaException.class, () -> ServerMessages.parse("{oops")).getMessage())
                .startsWith("not JSON");
    }

    @Test
    void parseReadsDeepgramShapedResults() throws Exception {
        String deepgram = "{\"type\":\"Results\",\"channel_index\":[0,1],\"duration\":1.5,\"start\":2.0,"
                + "\"is_final\":true,\"speech_final\":false,\"channel\":{\"alternatives\":[{\"transcript\":\"hey\","
                + "\"confidence\":0.9,\"words\":[{\"word\":\"hey\",\"start\":2.1,\"end\":2.4,\"confidence\":0.9,"
                + "\"punctuated_word\":\"Hey\"}]}]},\"metadata\":{\"request_id\":\"r\",\"model_info\":{\"name\":\"2-general-nova\","
                + "\"version\":\"v\",\"arch\":\"nova-3\"},\"model_uuid\":\"u\"},\"from_finalize\":false}";
        ResultsMessage results = (ResultsMessage) ServerMessages.parse(deepgram);
        assertThat(results.start()).isEqualTo(2.0);
        assertThat(results.duration()).isEqualTo(1.5);
        assertThat(results.isFinal()).isTrue();
        assertThat(results.speechFinal()).isFalse();
        assertThat(results.alternative().words()).containsExactly(new Word("hey", 2.1, 2.4, 0.9, "Hey"));
        assertThat(results.metadata().modelInfo()).isEqualTo(new ModelInfo("2-general-nova", "v", "nova-3"));
        assertThat(ServerMessages.toJson(results)).isEqualTo(deepgram);
    }
}
