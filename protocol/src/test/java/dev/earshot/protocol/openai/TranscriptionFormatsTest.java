package dev.earshot.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.openai.VerboseTranscription.Segment;
import dev.earshot.protocol.openai.VerboseTranscription.Usage;
import dev.earshot.protocol.openai.VerboseTranscription.Word;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** One transcription written in each response_format, as events, and refusals in OpenAI's shape. */
@Timeout(10)
class TranscriptionFormatsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final VerboseTranscription TWO_SENTENCES = new VerboseTranscription("transcribe", "english", 3725.5,
            "Hello there. General Kenobi.", List.of(
                    new Segment(0, 12, 0.12, 1.5, "Hello there.", List.of(), 0, -0.2, 1.1, 0),
                    new Segment(1, 372_310, 3723.1, 3725.0049, "General Kenobi.", List.of(), 0, -0.1, 1.0, 0)),
            List.of(new Word("hello", 0.12, 0.5)), Usage.of(3725.5));

    private static TranscriptionRequest request(ResponseFormat format, boolean words, boolean segments) {
        return new TranscriptionRequest(new MultipartForm.Part("file", "a.wav", null, 0, 0), "whisper-1",
                Optional.empty(), format, words, segments, false, List.of());
    }

    @Test
    void jsonIsTheTextAndTheDuration() throws Exception {
        JsonNode json = JSON.readTree(TranscriptionFormats.write(TWO_SENTENCES, request(ResponseFormat.JSON, false, true)));

        assertThat(json.path("text").asText()).isEqualTo("Hello there. General Kenobi.");
        assertThat(json.path("usage").path("type").asText()).isEqualTo("duration");
        assertThat(json.path("usage").path("seconds").asDouble()).isEqualTo(3725.5);
        assertThat(json.size()).isEqualTo(2);
    }

    @Test
    void textIsTheTranscriptOnALine() {
        assertThat(TranscriptionFormats.write(TWO_SENTENCES, request(ResponseFormat.TEXT, false, true)))
                .isEqualTo("Hello there. General Kenobi.\n");
    }

    @Test
    void subtitlesHaveOneCuePerSegmentPastTheHour() {
        assertThat(TranscriptionFormats.write(TWO_SENTENCES, request(ResponseFormat.SRT, false, true))).isEqualTo("""
                1
                00:00:00,120 --> 00:00:01,500
                Hello there.

                2
                01:02:03,100 --> 01:02:05,005
                General Kenobi.

                """);
        assertThat(TranscriptionFormats.write(TWO_SENTENCES, request(ResponseFormat.VTT, false, true))).isEqualTo("""
                WEBVTT

                00:00:00.120 --> 00:00:01.500
                Hello there.

                01:02:03.100 --> 01:02:05.005
                General Kenobi.

                """);
    }

    @Test
    void verboseJsonHasOpenAisFieldsAndOnlyTheGranularitiesAskedFor() throws Exception {
        JsonNode both = JSON.readTree(TranscriptionFormats.write(TWO_SENTENCES,
                request(ResponseFormat.VERBOSE_JSON, true, true)));
        JsonNode wordsOnly = JSON.readTree(TranscriptionFormats.write(TWO_SENTENCES,
                request(ResponseFormat.VERBOSE_JSON, true, false)));

        assertThat(both.fieldNames()).toIterable()
                .containsExactly("task", "language", "duration", "text", "segments", "words", "usage");
        assertThat(both.path("segments").get(1).fieldNames()).toIterable().containsExactly("id", "seek", "start",
                "end", "text", "tokens", "temperature", "avg_logprob", "compression_ratio", "no_speech_prob");
        assertThat(both.path("words").get(0).path("word").asText()).isEqualTo("hello");
        assertThat(wordsOnly.has("segments")).isFalse();
        assertThat(wordsOnly.path("words").size()).isEqualTo(1);
    }

    @Test
    void eventsAreOneDeltaPerSegmentThenTheWholeText() {
        assertThat(TranscriptionFormats.events(TWO_SENTENCES)).isEqualTo("""
                data: {"type":"transcript.text.delta","delta":"Hello there."}

                data: {"type":"transcript.text.delta","delta":" General Kenobi."}

                data: {"type":"transcript.text.done","text":"Hello there. General Kenobi."}

                """);
    }

    @Test
    void refusalsTakeOpenAisShapeFromTheCatalogue() throws Exception {
        JsonNode auth = JSON.readTree(OpenAiError.of(ErrorCode.INVALID_AUTH, "Invalid credentials.", null).toJson());
        JsonNode param = JSON.readTree(OpenAiError.of(ErrorCode.INVALID_QUERY_PARAMETER, "bad", "language").toJson());

        assertThat(auth.path("error").fieldNames()).toIterable().containsExactly("message", "type", "param", "code");
        assertThat(auth.path("error").path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(auth.path("error").path("param").isNull()).isTrue();
        assertThat(param.path("error").path("param").asText()).isEqualTo("language");
        assertThat(OpenAiError.type(ErrorCode.TOO_MANY_REQUESTS)).isEqualTo("rate_limit_error");
        assertThat(OpenAiError.type(ErrorCode.SERVICE_UNAVAILABLE)).isEqualTo("server_error");
        assertThat(OpenAiError.code(ErrorCode.PAYLOAD_TOO_LARGE)).isEqualTo("payload_too_large");
    }
}
