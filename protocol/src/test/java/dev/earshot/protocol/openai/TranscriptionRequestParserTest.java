package dev.earshot.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.protocol.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The multipart form OpenAI's clients send, read into a request or refused naming the field at fault. */
@Timeout(10)
class TranscriptionRequestParserTest {
    private static final String BOUNDARY = "----formdata-undici-0123456789";
    private static final String TYPE = "multipart/form-data; boundary=" + BOUNDARY;
    private static final byte[] AUDIO = {'R', 'I', 'F', 'F', 0, 1, 2, '\r', '\n', '-', '-'};

    /** A form as undici writes it: CRLF lines, the file with a filename and a Content-Type. */
    private static byte[] form(Map<String, String> fields, boolean withFile) {
        StringBuilder text = new StringBuilder();
        fields.forEach((name, value) -> text.append("--").append(BOUNDARY).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
                .append(value).append("\r\n"));
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] fileHead = withFile ? ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; "
                + "filename=\"a;b \\\"c\\\".wav\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8)
                : new byte[0];
        byte[] file = withFile ? AUDIO : new byte[0];
        byte[] tail = ((withFile ? "\r\n" : "") + "--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + fileHead.length + file.length + tail.length];
        int at = 0;
        for (byte[] part : List.of(head, fileHead, file, tail)) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static TranscriptionRequest parse(Map<String, String> fields) throws InvalidParameterException {
        MultipartForm form = MultipartForm.parse(form(fields, true), TYPE);
        return TranscriptionRequestParser.parse(form);
    }

    private static InvalidParameterException refusal(Map<String, String> fields) {
        return (InvalidParameterException) assertThatThrownBy(() -> parse(fields))
                .isInstanceOf(InvalidParameterException.class).actual();
    }

    @Test
    void theFilePartKeepsItsBytesAndNameEvenWhenTheyLookLikeABoundary() throws Exception {
        MultipartForm form = MultipartForm.parse(form(Map.of("model", "whisper-1"), true), TYPE);
        TranscriptionRequest request = TranscriptionRequestParser.parse(form);

        assertThat(form.bytes(request.file())).containsExactly(AUDIO);
        assertThat(request.file().filename()).isEqualTo("a;b \"c\".wav");
        assertThat(request.file().contentType()).isEqualTo("audio/wav");
        assertThat(request.model()).isEqualTo("whisper-1");
    }

    @Test
    void defaultsAreJsonWithSegmentsAndNoStream() throws Exception {
        TranscriptionRequest request = parse(Map.of("model", "whisper-1"));

        assertThat(request.format()).isEqualTo(ResponseFormat.JSON);
        assertThat(request.segments()).isTrue();
        assertThat(request.words()).isFalse();
        assertThat(request.stream()).isFalse();
        assertThat(request.language()).isEmpty();
        assertThat(request.listenParameters()).containsOnlyKeys("punctuate", "paragraphs");
    }

    @Test
    void wordGranularityAloneAsksForWordsWithoutSegments() throws Exception {
        TranscriptionRequest request = parse(Map.of("model", "m", "response_format", "verbose_json",
                "timestamp_granularities[]", "word", "language", "en"));

        assertThat(request.words()).isTrue();
        assertThat(request.segments()).isFalse();
        assertThat(request.listenParameters()).containsEntry("language", List.of("en"));
    }

    @Test
    void fieldsThatOnlyTuneOpenAisModelsAreAcceptedAndNamed() throws Exception {
        TranscriptionRequest request = parse(Map.of("model", "m", "prompt", "Earshot, Vosk", "temperature", "0.2",
                "include[]", "logprobs"));

        assertThat(request.ignored()).containsExactlyInAnyOrder("prompt", "temperature", "include[]");
    }

    @Test
    void eachMistakeIsRefusedNamingItsField() {
        assertThat(refusal(Map.of()).parameter()).isEqualTo("model");
        assertThat(refusal(Map.of("model", "m", "response_format", "xml")).parameter()).isEqualTo("response_format");
        assertThat(refusal(Map.of("model", "m", "response_format", "diarized_json")).getMessage())
                .contains("does not tell speakers apart");
        assertThat(refusal(Map.of("model", "m", "stream", "yes")).parameter()).isEqualTo("stream");
        assertThat(refusal(Map.of("model", "m", "stream", "true", "response_format", "srt")).parameter())
                .isEqualTo("stream");
        assertThat(refusal(Map.of("model", "m", "timestamp_granularities[]", "word")).getMessage())
                .contains("needs response_format verbose_json");
        assertThat(refusal(Map.of("model", "m", "temperature", "hot")).parameter()).isEqualTo("temperature");
    }

    @Test
    void aFormWithoutAFileIsRefusedNamingTheFile() throws Exception {
        MultipartForm form = MultipartForm.parse(form(Map.of("model", "m"), false), TYPE);

        assertThatThrownBy(() -> TranscriptionRequestParser.parse(form))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isEqualTo("file"));
    }

    @Test
    void malformedBodiesAreRefusedWithoutAField() {
        byte[] body = form(Map.of("model", "m"), true);
        byte[] cut = java.util.Arrays.copyOf(body, body.length - 20);

        assertThatThrownBy(() -> MultipartForm.parse(cut, TYPE)).hasMessageContaining("no closing boundary");
        assertThatThrownBy(() -> MultipartForm.parse(body, "multipart/form-data"))
                .hasMessageContaining("no boundary parameter");
        assertThatThrownBy(() -> MultipartForm.parse(body, "audio/wav")).hasMessageContaining("must be multipart");
        assertThatThrownBy(() -> MultipartForm.parse(body, "multipart/form-data; boundary=other"))
                .isInstanceOfSatisfying(InvalidParameterException.class, e -> assertThat(e.parameter()).isNull());
    }
}
