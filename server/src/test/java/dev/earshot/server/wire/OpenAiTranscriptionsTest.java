package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * OpenAI's {@code POST /v1/audio/transcriptions} (openai-api.md) on a real server and engine: the same
 * transcript as {@code POST /v1/listen}, each response_format, the request log, and refusals in OpenAI's shape
 * with the request id.
 */
@ExtendWith(SharedEngine.class)
@Timeout(300)
class OpenAiTranscriptionsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PATH = "/v1/audio/transcriptions";
    private static final String BOUNDARY = "earshot-test-boundary";
    private static final BlockingQueue<RequestRecord> ENDED = new LinkedBlockingQueue<>();
    private static EarshotServer server;

    @BeforeAll
    static void start(VoskEngine engine) throws Exception {
        RequestEvents events = new RequestEvents() {
            @Override
            public void ended(RequestRecord record) {
                ENDED.add(record);
            }
        };
        server = EarshotServer.start(TestServers.settings().toBuilder().maxRequestBytes(2_000_000).build(), engine,
                TestServers.ffmpeg(), events);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** A form as OpenAI's clients send it: the fields, then the file. */
    private static byte[] form(Map<String, String> fields, byte[] file) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        fields.forEach((name, value) -> out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        if (file != null) {
            out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
                    + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(file);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static RawHttp.Response transcribe(String key, Map<String, String> fields, byte[] file) {
        return RawHttp.request(server.port(), "POST", PATH, Map.of("Authorization", "Bearer " + key,
                "Content-Type", "multipart/form-data; boundary=" + BOUNDARY), form(fields, file));
    }

    private static Map<String, String> fields(String... pairs) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", "whisper-1");
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }

    private static JsonNode refused(RawHttp.Response response, int status, String param) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("dg-request-id")).isNotBlank().isEqualTo(response.header("x-request-id"));
        JsonNode error = JSON.readTree(response.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo(response.header("dg-error"));
        if (param == null) {
            assertThat(error.path("param").isNull()).as(response.body()).isTrue();
        } else {
            assertThat(error.path("param").asText()).isEqualTo(param);
        }
        return error;
    }

    @Test
    void theTextIsPostV1ListensTranscriptOfTheSameFile() throws Exception {
        RawHttp.Response listen = RawHttp.request(server.port(), "POST", "/v1/listen?punctuate=true", Map.of(
                "Authorization", "Token " + TestServers.API_KEY, "Content-Type", "audio/wav"), Fixtures.speechAWav());
        RawHttp.Response openAi = transcribe(TestServers.API_KEY, fields(), Fixtures.speechAWav());

        assertThat(openAi.status()).as(openAi.body()).isEqualTo(200);
        assertThat(openAi.header("content-type")).startsWith("application/json");
        assertThat(openAi.header("x-request-id")).isEqualTo(openAi.header("dg-request-id"));
        String expected = JSON.readTree(listen.body()).path("results").path("channels").get(0).path("alternatives")
                .get(0).path("transcript").asText();
        assertThat(expected).isNotBlank();
        assertThat(JSON.readTree(openAi.body()).path("text").asText()).isEqualTo(expected);
    }

    @Test
    void verboseJsonSegmentsAreTheTextCutAtSentencesAndWordsCoverIt() throws Exception {
        RawHttp.Response response = transcribe(TestServers.API_KEY, fields("response_format", "verbose_json",
                "timestamp_granularities[]", "word", "timestamp_granularities", "segment", "language", "en"),
                Fixtures.speechAWav());
        JsonNode verbose = JSON.readTree(response.body());

        assertThat(verbose.path("language").asText()).isEqualTo("english");
        assertThat(verbose.path("duration").asDouble()).isBetween(13.0, 15.0);
        List<String> segmentTexts = new ArrayList<>();
        double lastEnd = 0;
        for (JsonNode segment : verbose.path("segments")) {
            assertThat(segment.path("id").asInt()).isEqualTo(segmentTexts.size());
            assertThat(segment.path("start").asDouble()).isGreaterThanOrEqualTo(lastEnd);
            assertThat(segment.path("avg_logprob").asDouble()).isBetween(-14.0, 0.0);
            lastEnd = segment.path("end").asDouble();
            segmentTexts.add(segment.path("text").asText());
        }
        assertThat(segmentTexts).hasSizeGreaterThan(1);
        assertThat(String.join(" ", segmentTexts)).isEqualTo(verbose.path("text").asText());
        List<String> words = new ArrayList<>();
        verbose.path("words").forEach(word -> words.add(word.path("word").asText()));
        assertThat(String.join(" ", words)).isEqualTo(verbose.path("text").asText().toLowerCase()
                .replaceAll("[^a-z' ]", ""));
    }

    @Test
    void streamedEventsAddUpToTheText() throws Exception {
        RawHttp.Response response = transcribe(TestServers.API_KEY, fields("stream", "true"), Fixtures.speechAWav());

        assertThat(response.header("content-type")).startsWith("text/event-stream");
        List<JsonNode> events = new ArrayList<>();
        for (String line : response.body().split("\n")) {
            if (line.startsWith("data: ")) {
                events.add(JSON.readTree(line.substring(6)));
            }
        }
        JsonNode done = events.get(events.size() - 1);
        assertThat(done.path("type").asText()).isEqualTo("transcript.text.done");
        StringBuilder deltas = new StringBuilder();
        events.subList(0, events.size() - 1).forEach(event -> {
            assertThat(event.path("type").asText()).isEqualTo("transcript.text.delta");
            deltas.append(event.path("delta").asText());
        });
        assertThat(deltas.toString()).isNotBlank().isEqualTo(done.path("text").asText());
    }

    @Test
    void ignoredFieldsAreNamedInAHeaderAndTheRequestLog() throws Exception {
        ENDED.clear();
        RawHttp.Response response = transcribe(TestServers.API_KEY, fields("response_format", "text",
                "prompt", "Vosk", "temperature", "0"), Fixtures.speechAWav());

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("text/plain");
        assertThat(response.header("earshot-ignored-fields")).isEqualTo("prompt, temperature");
        RequestRecord record = ENDED.poll(30, TimeUnit.SECONDS);
        assertThat(record).isNotNull();
        assertThat(record.requestId()).isEqualTo(response.header("dg-request-id"));
        assertThat(record.kind()).isEqualTo(RequestRecord.Kind.FILE);
        assertThat(record.client().path()).isEqualTo(PATH);
        assertThat(record.audioSeconds()).isBetween(13.0, 15.0);
        assertThat(record.warnings()).contains("fields accepted and not used: prompt, temperature");
    }

    @Test
    void refusalsTakeOpenAisShapeWithTheRequestId() throws Exception {
        JsonNode badKey = refused(transcribe("wrong-key", fields(), Fixtures.speechAWav()), 401, null);
        assertThat(badKey.path("code").asText()).isEqualTo("invalid_api_key");
        assertThat(badKey.path("type").asText()).isEqualTo("invalid_request_error");

        refused(transcribe(TestServers.API_KEY, fields(), null), 400, "file");
        Map<String, String> noModel = new LinkedHashMap<>();
        refused(transcribe(TestServers.API_KEY, noModel, Fixtures.speechAWav()), 400, "model");
        JsonNode french = refused(transcribe(TestServers.API_KEY, fields("language", "fr"), Fixtures.speechAWav()),
                400, "language");
        assertThat(french.path("message").asText()).contains("this server's model speaks en");
        JsonNode noise = refused(transcribe(TestServers.API_KEY, fields(), "not audio at all".repeat(100)
                .getBytes(StandardCharsets.UTF_8)), 400, "file");
        assertThat(noise.path("message").asText()).contains("failed to process audio");
        refused(transcribe(TestServers.API_KEY, fields(), new byte[2_100_000]), 413, "file");
        refused(RawHttp.request(server.port(), "POST", PATH, Map.of("Authorization", "Bearer " + TestServers.API_KEY,
                "Content-Type", "audio/wav"), Fixtures.speechAWav()), 400, "file");
        refused(RawHttp.request(server.port(), "GET", PATH, Map.of("Authorization", "Bearer " + TestServers.API_KEY),
                new byte[0]), 405, null);
    }
}
