package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import dev.earshot.server.testing.WordErrorRate;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code POST /v1/listen} (live-api.md §7): files in any format, Deepgram's response schema, and its refusals. */
@ExtendWith(SharedEngine.class)
@Timeout(300)
class PrerecordedTest {
    private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "Token " + TestServers.API_KEY;
    private static EarshotServer server;
    private static VoskEngine sharedEngine;

    @BeforeAll
    static void start(VoskEngine engine) {
        sharedEngine = engine;
        server = TestServers.start(engine);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawHttp.Response post(EarshotServer target, String query, String contentType, byte[] body) {
        return RawHttp.request(target.port(), "POST", "/v1/listen" + (query.isEmpty() ? "" : "?" + query),
                Map.of("Authorization", TOKEN, "Content-Type", contentType), body);
    }

    private static JsonNode ok(RawHttp.Response response) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("metadata").path("request_id").asText()).isEqualTo(response.header("dg-request-id"));
        return body;
    }

    private static JsonNode refused(RawHttp.Response response, int status, String errCode) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("dg-request-id")).matches(UUID_V4);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("err_code").asText()).isEqualTo(errCode);
        assertThat(body.path("err_msg").asText()).isEqualTo(response.header("dg-error"));
        assertThat(body.path("request_id").asText()).isEqualTo(response.header("dg-request-id"));
        return body;
    }

    private static String transcript(JsonNode body, int channel) {
        return body.path("results").path("channels").path(channel).path("alternatives").path(0).path("transcript").asText();
    }

    @Test
    void aWavFileComesBackInDeepgramsSchema() throws Exception {
        byte[] wav = Fixtures.speechAWav();
        JsonNode body = ok(post(server, "punctuate=true", "audio/wav", wav));
        JsonNode metadata = body.path("metadata");
        assertThat(metadata.path("transaction_key").asText()).isEqualTo("deprecated");
        assertThat(metadata.path("request_id").asText()).matches(UUID_V4);
        assertThat(metadata.path("sha256").asText())
                .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav)));
        assertThat(metadata.path("created").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(metadata.path("duration").asDouble()).isEqualTo(13.99);
        assertThat(metadata.path("channels").asInt()).isEqualTo(1);
        String uuid = metadata.path("models").path(0).asText();
        assertThat(metadata.path("model_info").path(uuid).path("name").asText()).isNotEmpty();
        assertThat(metadata.has("type")).isFalse();
        JsonNode alternative = body.path("results").path("channels").path(0).path("alternatives").path(0);
        assertThat(alternative.path("confidence").asDouble()).isBetween(0.0, 1.0);
        double lastStart = 0;
        for (JsonNode word : alternative.path("words")) {
            assertThat(word.path("word").asText()).isNotEmpty();
            assertThat(word.path("punctuated_word").asText()).isNotEmpty();
            assertThat(word.path("start").asDouble()).isGreaterThanOrEqualTo(lastStart);
            assertThat(word.path("end").asDouble()).isGreaterThanOrEqualTo(word.path("start").asDouble()).isLessThanOrEqualTo(14.0);
            lastStart = word.path("start").asDouble();
        }
        double wer = WordErrorRate.of(Fixtures.speechAText(), alternative.path("transcript").asText());
        System.out.printf("POST wav: WER %.3f: %s%n", wer, alternative.path("transcript").asText());
        assertThat(wer).isLessThanOrEqualTo(0.15);
        assertThat(body.path("results").has("utterances")).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "speech-a.44k-stereo.id3.mp3        | application/octet-stream |                                  | 0.20",
            "speech-a.opus.ogg                  | deepgram/audio+video     |                                  | 0.25",
            "speech-a.aac.moov-at-end.m4a       | audio/mp4                |                                  | 0.28",
            "speech-a.aac.faststart.m4a         | audio/mp4                |                                  | 0.28",
            "speech-a.16k.flac                  | audio/flac               |                                  | 0.15",
            "speech-a.chrome-mediarecorder.webm | audio/webm               |                                  | 0.20",
            "speech-a.8k.amr-nb                 | application/octet-stream | encoding=amr-nb&sample_rate=8000 | 0.43"})
    void everyFormatIncludingAnMp4WithItsIndexAtTheEnd(String file, String contentType, String query, double bound)
            throws Exception {
        byte[] bytes = Files.readAllBytes(FormatsTest.formats().resolve(file));
        JsonNode body = ok(post(server, query == null ? "" : query, contentType, bytes));
        double wer = WordErrorRate.of(Fixtures.speechAText(), transcript(body, 0));
        System.out.printf("POST %-36s WER %.3f%n", file, wer);
        assertThat(wer).isLessThanOrEqualTo(bound);
        assertThat(body.path("metadata").path("duration").asDouble()).isBetween(13.5, 15.5);
    }

    @Test
    void utterancesAndParagraphsOnRequest() throws Exception {
        JsonNode body = ok(post(server, "utterances=true&utt_split=0.25&paragraphs=true&punctuate=true", "audio/wav",
                Fixtures.speechAWav()));
        JsonNode utterances = body.path("results").path("utterances");
        assertThat(utterances.size()).isGreaterThan(1);
        for (JsonNode utterance : utterances) {
            assertThat(utterance.path("id").asText()).matches(UUID_V4);
            assertThat(utterance.path("channel").asInt()).isZero();
            assertThat(utterance.path("transcript").asText()).isNotEmpty();
            assertThat(utterance.path("end").asDouble()).isGreaterThan(utterance.path("start").asDouble());
            assertThat(utterance.path("words").size()).isPositive();
        }
        JsonNode paragraphs = body.path("results").path("channels").path(0).path("alternatives").path(0).path("paragraphs");
        assertThat(paragraphs.path("transcript").asText()).startsWith("\n");
        JsonNode first = paragraphs.path("paragraphs").path(0);
        assertThat(first.path("sentences").path(0).path("text").asText()).startsWith("The birch canoe");
        assertThat(first.path("num_words").asInt()).isPositive();
    }

    @Test
    void searchAndReplaceOnAFile() throws Exception {
        JsonNode body = ok(post(server, "search=canoe&search=zebra&replace=birch:oak", "audio/wav", Fixtures.speechAWav()));
        JsonNode channel = body.path("results").path("channels").path(0);
        assertThat(channel.path("alternatives").path(0).path("transcript").asText()).contains("oak").doesNotContain("birch");
        JsonNode canoe = channel.path("search").path(0);
        assertThat(canoe.path("query").asText()).isEqualTo("canoe");
        assertThat(canoe.path("hits")).hasSize(1);
        assertThat(canoe.path("hits").path(0).path("snippet").asText()).isEqualTo("canoe");
        assertThat(canoe.path("hits").path(0).path("start").asDouble()).isBetween(0.5, 2.0);
        assertThat(channel.path("search").path(1).path("hits")).isEmpty();
        assertThat(body.path("metadata").path("warnings").toString()).doesNotContain("search").doesNotContain("replace");
    }

    @Test
    void multichannelGivesOneTranscriptPerChannelAndWithoutItTheyAreMixed() throws Exception {
        byte[] stereo = Files.readAllBytes(FormatsTest.formats().resolve("speech-ab.stereo.opus.ogg"));
        JsonNode split = ok(post(server, "multichannel=true", "audio/ogg", stereo));
        assertThat(split.path("results").path("channels").size()).isEqualTo(2);
        assertThat(WordErrorRate.of(Fixtures.speechAText(), transcript(split, 0))).isLessThanOrEqualTo(0.25);
        assertThat(WordErrorRate.of(Fixtures.speechBText(), transcript(split, 1))).isLessThanOrEqualTo(0.25);
        JsonNode mixed = ok(post(server, "", "audio/ogg", stereo));
        assertThat(mixed.path("results").path("channels").size()).isEqualTo(1);
        assertThat(mixed.path("metadata").path("channels").asInt()).isEqualTo(2);
    }

    @Test
    void aLongFileIsTranscribedInPiecesWithContinuousTimes() throws Exception {
        byte[] speech = Fixtures.pcm(Fixtures.speechAWav());
        byte[] longFile = Fixtures.concat(speech, speech, speech, speech, speech, speech); // 84 s: three pieces
        JsonNode body = ok(post(server, "encoding=linear16&sample_rate=16000", "application/octet-stream", longFile));
        JsonNode words = body.path("results").path("channels").path(0).path("alternatives").path(0).path("words");
        double lastStart = 0;
        for (JsonNode word : words) {
            assertThat(word.path("start").asDouble()).isGreaterThanOrEqualTo(lastStart);
            lastStart = word.path("start").asDouble();
        }
        assertThat(lastStart).as("the last words are near the end of the file").isGreaterThan(80.0);
        String reference = String.join(" ", java.util.Collections.nCopies(6, Fixtures.speechAText()));
        assertThat(WordErrorRate.of(reference, transcript(body, 0))).isLessThanOrEqualTo(0.2);
    }

    @Test
    void refusalsCarryTheirRequestIdErrorHeaderAndBody() throws Exception {
        RawHttp.Response noKey = RawHttp.request(server.port(), "POST", "/v1/listen",
                Map.of("Content-Type", "audio/wav"), Fixtures.speechAWav());
        refused(noKey, 401, "INVALID_AUTH");
        refused(post(server, "punctuation=true", "audio/wav", Fixtures.speechAWav()), 400, "INVALID_QUERY_PARAMETER");
        JsonNode png = refused(post(server, "", "image/png", Files.readAllBytes(FormatsTest.formats().resolve("garbage.png"))),
                400, "Bad Request");
        assertThat(png.path("err_msg").asText()).startsWith("Bad Request: failed to process audio: corrupt or unsupported data");
        refused(post(server, "", "audio/wav", new byte[0]), 400, "Bad Request");
        JsonNode url = refused(post(server, "", "application/json",
                "{\"url\":\"https://example.com/a.wav\"}".getBytes(StandardCharsets.UTF_8)), 400, "Bad Request");
        assertThat(url.path("err_msg").asText()).contains("URL fetching is disabled");
        try (EarshotServer small = TestServers.start(sharedEngine, b -> b.maxRequestBytes(100_000))) {
            refused(post(small, "", "audio/wav", Fixtures.speechAWav()), 413, "PAYLOAD_TOO_LARGE");
        }
    }

    @Test
    void urlsAreFetchedOnlyWhenEnabledAndNeverFromPrivateAddressesUnlessAllowed() throws Exception {
        HttpServer files = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] wav = Fixtures.speechAWav();
        files.createContext("/speech.wav", exchange -> {
            exchange.sendResponseHeaders(200, wav.length);
            exchange.getResponseBody().write(wav);
            exchange.close();
        });
        files.createContext("/moved", exchange -> {
            exchange.getResponseHeaders().add("Location", "/speech.wav");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        files.start();
        String base = "http://127.0.0.1:" + files.getAddress().getPort();
        List<EarshotServer> servers = new ArrayList<>();
        try {
            EarshotServer allowed = TestServers.start(sharedEngine, b -> b.urlFetch(true, true));
            servers.add(allowed);
            JsonNode fetched = ok(post(allowed, "", "application/json",
                    ("{\"url\":\"" + base + "/moved\"}").getBytes(StandardCharsets.UTF_8)));
            assertThat(WordErrorRate.of(Fixtures.speechAText(), transcript(fetched, 0))).isLessThanOrEqualTo(0.15);
            refused(post(allowed, "", "application/json", "{\"url\":\"ftp://127.0.0.1/a.wav\"}".getBytes()), 400,
                    "Bad Request");
            EarshotServer guarded = TestServers.start(sharedEngine, b -> b.urlFetch(true, false));
            servers.add(guarded);
            JsonNode local = refused(post(guarded, "", "application/json",
                    ("{\"url\":\"" + base + "/speech.wav\"}").getBytes(StandardCharsets.UTF_8)), 400, "Bad Request");
            assertThat(local.path("err_msg").asText()).contains("points to 127.0.0.1 (loopback), which this server does not fetch");
        } finally {
            servers.forEach(EarshotServer::close);
            files.stop(0);
        }
    }

    /** What LiveKit's plugin and the Vercel AI SDK send: accepted, warned, nothing invented (issue 20). */
    @Test
    void documentedFileFeaturesTheEngineCannotDoAreWarnedNeverRefused() throws Exception {
        JsonNode body = ok(post(server, "detect_language=false&summarize=v2&topics=true&intents=true&sentiment=true",
                "audio/wav", Fixtures.speechAWav()));
        List<String> warned = new ArrayList<>();
        body.path("metadata").path("warnings").forEach(w -> warned.add(w.path("parameter").asText()));
        assertThat(warned).containsExactlyInAnyOrder("summarize", "topics", "intents", "sentiment");
        assertThat(body.path("results").has("summary")).isFalse();
        assertThat(body.path("results").has("topics")).isFalse();
        assertThat(transcript(body, 0)).isNotBlank();
    }
}
