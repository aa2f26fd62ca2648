package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import dev.earshot.server.testing.WordErrorRate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Flux, {@code /v2/listen}: turns over the real engine (docs/live-api.md, Flux). */
@ExtendWith(SharedEngine.class)
@Timeout(180)
class FluxTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PCM = "model=flux-general-en&encoding=linear16&sample_rate=16000";
    /** 100 ms of 16 kHz linear16. */
    private static final int CHUNK = 3200;
    private static EarshotServer server;
    private static byte[] speech;

    @BeforeAll
    static void start(VoskEngine engine) {
        server = TestServers.start(engine);
        speech = Fixtures.pcm(Fixtures.speechAWav());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static EventRecorder connect(String query) {
        EventRecorder client = EventRecorder.connect(server.baseUri(), "/v2/listen", query, TestServers.API_KEY);
        JsonNode connected = read(client.nextText(WAIT));
        assertThat(connected.path("type").asText()).isEqualTo("Connected");
        assertThat(connected.path("sequence_id").asLong()).isZero();
        assertThat(connected.path("request_id").asText()).isNotEmpty();
        return client;
    }

    private static JsonNode read(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages read until one matches (included). */
    private static List<JsonNode> until(EventRecorder client, Predicate<JsonNode> match) {
        List<JsonNode> read = new ArrayList<>();
        while (true) {
            JsonNode message = read(client.nextText(WAIT));
            read.add(message);
            if (match.test(message)) {
                return read;
            }
        }
    }

    private static Predicate<JsonNode> event(String name) {
        return m -> m.path("type").asText().equals("TurnInfo") && m.path("event").asText().equals(name);
    }

    private static byte[] silence(int millis) {
        return new byte[millis * 32];
    }

    @Test
    void speechThenSilenceIsOneTurnEndedByTheModel() {
        EventRecorder client = connect(PCM);
        client.sendAudio(speech, CHUNK).sendAudio(silence(1500), CHUNK);
        List<JsonNode> turn = until(client, event("EndOfTurn"));
        assertThat(turn.get(0).path("event").asText()).isEqualTo("StartOfTurn");
        assertThat(turn).filteredOn(event("Update")).hasSizeGreaterThan(10);
        assertThat(turn).noneMatch(event("EagerEndOfTurn")).noneMatch(event("EndOfTurn").and(m -> m != last(turn)));
        JsonNode end = last(turn);
        assertThat(end.path("trigger").asText()).isEqualTo("model");
        assertThat(end.path("turn_index").asInt()).isZero();
        assertThat(end.path("end_of_turn_confidence").asDouble()).isGreaterThanOrEqualTo(0.7);
        assertThat(WordErrorRate.of(Fixtures.speechAText(), end.path("transcript").asText())).isLessThan(0.25);
        assertThat(end.path("words")).hasSize(end.path("transcript").asText().split(" ").length);
        // sequence_id counts every message from Connected's 0.
        for (int i = 0; i < turn.size(); i++) {
            assertThat(turn.get(i).path("sequence_id").asLong()).isEqualTo(i + 1);
        }
        client.sendText("{\"type\":\"CloseStream\"}");
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
    }

    private static JsonNode last(List<JsonNode> messages) {
        return messages.get(messages.size() - 1);
    }

    @Test
    void eagerEndsAreResumedOrConfirmedWithTheSameTranscript() {
        EventRecorder client = connect(PCM + "&eager_eot_threshold=0.4");
        client.sendAudio(speech, CHUNK).sendAudio(silence(1500), CHUNK);
        List<JsonNode> turn = until(client, event("EndOfTurn"));
        assertThat(turn).filteredOn(event("EagerEndOfTurn")).isNotEmpty()
                .allMatch(m -> !m.path("transcript").asText().isEmpty());
        String pendingEager = null;
        for (JsonNode message : turn) {
            if (event("EagerEndOfTurn").test(message)) {
                assertThat(pendingEager).as("two eager ends without a resume between").isNull();
                pendingEager = message.path("transcript").asText();
            } else if (event("TurnResumed").test(message)) {
                assertThat(pendingEager).as("TurnResumed only after EagerEndOfTurn").isNotNull();
                pendingEager = null;
            } else if (event("EndOfTurn").test(message)) {
                assertThat(message.path("transcript").asText()).isEqualTo(pendingEager);
            }
        }
        client.sendText("{\"type\":\"CloseStream\"}");
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
    }

    @Test
    void eotTimeoutEndsTheTurnWhenTheModelMayNot() {
        EventRecorder client = connect(PCM + "&eot_threshold=1.0&eot_timeout_ms=800");
        client.sendAudio(speech, CHUNK).sendAudio(silence(1500), CHUNK);
        JsonNode end = last(until(client, event("EndOfTurn")));
        assertThat(end.path("trigger").asText()).isEqualTo("timeout");
        client.sendText("{\"type\":\"CloseStream\"}");
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
    }

    @Test
    void forceEndTurnEndsTheTurnMidSpeechAndTheNextTurnCountsOn() {
        EventRecorder client = connect(PCM);
        client.sendAudio(Arrays.copyOf(speech, 48_000), CHUNK); // 1.5 s: mid-sentence
        client.sendText("{\"type\":\"ForceEndTurn\"}");
        JsonNode forced = last(until(client, event("EndOfTurn")));
        assertThat(forced.path("trigger").asText()).isEqualTo("manual");
        assertThat(forced.path("turn_index").asInt()).isZero();
        assertThat(forced.path("transcript").asText()).isNotEmpty();
        client.sendAudio(Arrays.copyOfRange(speech, 48_000, 160_000), CHUNK).sendAudio(silence(1500), CHUNK);
        JsonNode next = last(until(client, event("EndOfTurn")));
        assertThat(next.path("turn_index").asInt()).isEqualTo(1);
        client.sendText("{\"type\":\"CloseStream\"}");
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
    }

    @Test
    void everyConfigureGetsOneReplyAndAFailureChangesNothing() throws Exception {
        EventRecorder client = connect(PCM);
        client.sendText("{\"type\":\"Configure\",\"thresholds\":{\"eot_threshold\":0.8,\"eager_eot_threshold\":0.5}}");
        JsonNode success = read(client.nextText(WAIT));
        assertThat(success.path("type").asText()).isEqualTo("ConfigureSuccess");
        assertThat(success.path("thresholds").path("eot_threshold").asDouble()).isEqualTo(0.8);
        assertThat(success.path("thresholds").path("eager_eot_threshold").asDouble()).isEqualTo(0.5);
        assertThat(success.path("thresholds").path("eot_timeout_ms").asInt()).isEqualTo(5000);
        client.sendText("{\"type\":\"Configure\",\"keyterms\":[\"Earshot\"],\"thresholds\":{\"eot_threshold\":0.9}}");
        JsonNode keyterms = read(client.nextText(WAIT));
        assertThat(keyterms.path("type").asText()).isEqualTo("ConfigureFailure");
        assertThat(keyterms.path("error_code").asText()).isEqualTo("KeytermsNotSupported");
        client.sendText("{\"type\":\"Configure\",\"thresholds\":{\"eot_threshold\":0.4}}");
        JsonNode invalid = read(client.nextText(WAIT));
        assertThat(invalid.path("type").asText()).isEqualTo("ConfigureFailure");
        assertThat(invalid.path("description").asText()).contains("eot_threshold");
        JsonNode status = JSON.readTree(RawHttp.request(server.port(), "GET", "/v1/status", Map.of(), null).body());
        assertThat(status.path("active_listen_v2_stream_requests").asInt()).isEqualTo(1);
        assertThat(status.path("active_stream_requests").asInt()).isZero();
        client.sendText("{\"type\":\"Configure\",\"thresholds\":{}}");
        JsonNode unchanged = read(client.nextText(WAIT));
        assertThat(unchanged.path("thresholds").path("eot_threshold").asDouble()).as("failures changed nothing")
                .isEqualTo(0.8);
        assertThat(List.of(success, keyterms, invalid, unchanged)).extracting(m -> m.path("sequence_id").asLong())
                .containsExactly(1L, 2L, 3L, 4L);
        client.sendText("{\"type\":\"CloseStream\"}");
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
    }

    @Test
    void garbageTextGetsAnErrorAndTheStreamGoesOn() {
        EventRecorder client = connect(PCM);
        client.sendText("{\"type\":\"Finalize\"}");
        JsonNode error = read(client.nextText(WAIT));
        assertThat(error.path("type").asText()).isEqualTo("Error");
        assertThat(error.path("code").asText()).isEqualTo("UNPARSABLE_CLIENT_MESSAGE");
        assertThat(error.path("description").asText()).contains("Finalize");
        client.sendAudio(speech, CHUNK).sendAudio(silence(1500), CHUNK);
        assertThat(last(until(client, event("EndOfTurn"))).path("transcript").asText()).isNotEmpty();
        client.sendText("{\"type\":\"CloseStream\"}");
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
    }

    /** The close codes of v1: undecodable audio is 1008 DATA-0000, no audio in time 1011 NET-0001; no Metadata. */
    @Test
    void failuresCloseWithV1sCodes(VoskEngine engine) {
        try (EarshotServer quick = TestServers.start(engine, b -> b.firstAudioTimeout(Duration.ofSeconds(1)))) {
            EventRecorder garbage = EventRecorder.connect(quick.baseUri(), "/v2/listen", "model=flux-general-en",
                    TestServers.API_KEY);
            assertThat(read(garbage.nextText(WAIT)).path("type").asText()).isEqualTo("Connected");
            garbage.sendAudio(Fixtures.read("../formats/garbage.txt"), 4096);
            EventRecorder.Close undecodable = garbage.awaitClose(WAIT);
            assertThat(undecodable.code()).isEqualTo(1008);
            assertThat(undecodable.reason()).startsWith("DATA-0000");
            EventRecorder silent = EventRecorder.connect(quick.baseUri(), "/v2/listen", PCM, TestServers.API_KEY);
            EventRecorder.Close noAudio = silent.awaitClose(WAIT);
            assertThat(noAudio.code()).isEqualTo(1011);
            assertThat(noAudio.reason()).startsWith("NET-0001");
            assertThat(silent.historySnapshot()).singleElement().asString().contains("\"type\":\"Connected\"");
        }
    }

    @Test
    void refusalsFollowTheV1Contract() throws Exception {
        assertRefusal(upgrade("encoding=linear16&sample_rate=16000", "Token " + TestServers.API_KEY), 400,
                "model");
        assertRefusal(upgrade(PCM + "&eager_eot_threshold=0.8&eot_threshold=0.6", "Token " + TestServers.API_KEY),
                400, "eager_eot_threshold");
        assertRefusal(upgrade(PCM + "&interim_results=true", "Token " + TestServers.API_KEY), 400,
                "interim_results");
        assertRefusal(upgrade(PCM, "Token wrong"), 401, "");
        RawHttp.Response post = RawHttp.request(server.port(), "POST", "/v2/listen?" + PCM,
                Map.of("Authorization", "Token " + TestServers.API_KEY), new byte[0]);
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("dg-request-id")).isNotEmpty();
    }

    private static RawHttp.Response upgrade(String query, String authorization) {
        return RawHttp.upgrade(server.port(), "/v2/listen?" + query, Map.of("Authorization", authorization));
    }

    private static void assertRefusal(RawHttp.Response response, int status, String named) throws Exception {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("dg-request-id")).isNotEmpty();
        assertThat(response.header("dg-error")).contains(named);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("request_id").asText()).isEqualTo(response.header("dg-request-id"));
    }
}
