package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.Await;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every row of the upgrade-failure table of live-api.md §1 (403 excepted: no key scopes yet), and the
 * success path: status, {@code dg-request-id}, {@code dg-error} and the JSON body, byte for byte.
 */
@ExtendWith(SharedEngine.class)
@Timeout(60)
class HandshakeTest {
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

    private static RawHttp.Response upgrade(EarshotServer target, String query, Map<String, String> headers) {
        return RawHttp.upgrade(target.port(), "/v1/listen" + (query.isEmpty() ? "" : "?" + query), headers);
    }

    /** The refusal contract: status, request id header equal to the body's, dg-error equal to err_msg. */
    private static JsonNode assertRefusal(RawHttp.Response response, int status, String errCode) throws Exception {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.header("dg-request-id")).matches(UUID_V4);
        assertThat(response.header("content-type")).startsWith("application/json");
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("err_code").asText()).isEqualTo(errCode);
        assertThat(body.path("request_id").asText()).isEqualTo(response.header("dg-request-id"));
        assertThat(body.path("err_msg").asText()).isNotBlank().isEqualTo(response.header("dg-error"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain(TestServers.API_KEY);
        return body;
    }

    @Test
    void successfulUpgradeCarriesRequestIdAndNoSubprotocol() {
        RawHttp.Response response = upgrade(server, "encoding=linear16&sample_rate=16000", Map.of("Authorization", TOKEN));
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("dg-request-id")).matches(UUID_V4);
        assertThat(response.header("sec-websocket-protocol")).as("no subprotocol offered, none echoed").isNull();
    }

    @Test
    void authorizationSchemesAreCaseInsensitive() {
        for (String scheme : new String[] {"Token", "token", "Bearer", "bearer", "TOKEN"}) {
            RawHttp.Response response = upgrade(server, "", Map.of("Authorization", scheme + " " + TestServers.API_KEY));
            assertThat(response.status()).as(scheme).isEqualTo(101);
        }
    }

    @Test
    void subprotocolAuthEchoesTheSchemeWord() {
        for (String offered : new String[] {"token, " + TestServers.API_KEY, "token," + TestServers.API_KEY,
                "token, " + TestServers.API_KEY + ", x-deepgram-session-id, 6b1c3c5e-0000-4000-8000-000000000000"}) {
            RawHttp.Response response = upgrade(server, "", Map.of("Sec-WebSocket-Protocol", offered));
            assertThat(response.status()).as(offered).isEqualTo(101);
            assertThat(response.header("sec-websocket-protocol")).isEqualTo("token");
            assertThat(response.header("dg-request-id")).matches(UUID_V4);
        }
        RawHttp.Response bearer = upgrade(server, "", Map.of("Sec-WebSocket-Protocol", "bearer, " + TestServers.API_KEY));
        assertThat(bearer.header("sec-websocket-protocol")).isEqualTo("bearer");
    }

    @Test
    void theOfferedSubprotocolIsEchoedEvenWhenTheHeaderCarriedTheKey() {
        RawHttp.Response response = upgrade(server, "", Map.of("Authorization", TOKEN,
                "Sec-WebSocket-Protocol", "token, " + TestServers.API_KEY));
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("sec-websocket-protocol")).isEqualTo("token");
    }

    @Test
    void aMalformedUpgradeIsRefusedWithItsRequestIdAndGivesItsPlaceBack() throws Exception {
        try (EarshotServer small = TestServers.start(sharedEngine, b -> b.maxStreams(1))) {
            for (int i = 0; i < 3; i++) {
                RawHttp.Response malformed = upgrade(small, "", Map.of("Authorization", TOKEN,
                        "Sec-WebSocket-Extensions", "\""));
                assertRefusal(malformed, 400, "Bad Request");
            }
            assertThat(small.admission().runningCount()).isZero();
            assertThat(upgrade(small, "", Map.of("Authorization", TOKEN)).status()).isEqualTo(101);
        }
    }

    @Test
    void unknownHeadersAreIgnored() {
        RawHttp.Response response = upgrade(server, "", Map.of("Authorization", TOKEN, "x-fern-language", "JavaScript",
                "x-deepgram-session-id", "abc", "X-Client-Info", "sdk", "Content-Type", "application/json",
                "Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"));
        assertThat(response.status()).isEqualTo(101);
    }

    @Test
    void unknownParameterIs400NamingIt() throws Exception {
        JsonNode body = assertRefusal(upgrade(server, "punctuation=true", Map.of("Authorization", TOKEN)), 400,
                "INVALID_QUERY_PARAMETER");
        assertThat(body.path("err_msg").asText()).contains("'punctuation'").contains("did you mean 'punctuate'");
    }

    @Test
    void badValueIs400NamingParameterAndAllowedValues() throws Exception {
        JsonNode body = assertRefusal(upgrade(server, "encoding=linear16&sample_rate=abc", Map.of("Authorization", TOKEN)),
                400, "INVALID_QUERY_PARAMETER");
        assertThat(body.path("err_msg").asText())
                .startsWith("Invalid value 'abc' for parameter 'sample_rate': expected an integer number of Hz");
        JsonNode encoding = assertRefusal(upgrade(server, "encoding=pcm&sample_rate=16000", Map.of("Authorization", TOKEN)),
                400, "INVALID_QUERY_PARAMETER");
        assertThat(encoding.path("err_msg").asText()).contains("'encoding'").contains("linear16");
    }

    @Test
    void contradictoryCombinationIs400() throws Exception {
        JsonNode body = assertRefusal(upgrade(server, "utterance_end_ms=1000", Map.of("Authorization", TOKEN)), 400,
                "INVALID_QUERY_PARAMETER");
        assertThat(body.path("err_msg").asText()).contains("utterance_end_ms").contains("interim_results=true");
        assertRefusal(upgrade(server, "encoding=linear16", Map.of("Authorization", TOKEN)), 400,
                "INVALID_QUERY_PARAMETER");
    }

    /** What Jetty refuses before our handler sees the request still has the contract's shape. */
    @Test
    void refusalsOfTheHttpLayerCarryTheRequestIdAndJson() throws Exception {
        String longQuery = String.join("&", java.util.Collections.nCopies(300, "keyterm=abcdefghijklmnopqrstuvwxyz0123456789"));
        assertRefusal(upgrade(server, longQuery, Map.of("Authorization", TOKEN)), 414, "URI_TOO_LONG");
        assertRefusal(upgrade(server, "", Map.of("Authorization", TOKEN, "X-Client-Info", "a".repeat(9000))), 431,
                "REQUEST_HEADER_FIELDS_TOO_LARGE");
        JsonNode h2c = assertRefusal(RawHttp.request(server.port(), "GET", "/v1/listen", Map.of("Upgrade", "websocket",
                "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Authorization", TOKEN),
                null), 400, "Bad Request");
        assertThat(h2c.path("err_msg").asText()).isEqualTo("Bad Request. Invalid h2c upgrade headers");
    }

    /** The codec itself refuses the channel count: the parameters are wrong, which is a 400 before the 101. */
    @Test
    void aCodecThatCannotTakeTheChannelsIs400() throws Exception {
        for (String query : new String[] {"encoding=speex&sample_rate=16000&channels=9",
                "encoding=opus&sample_rate=48000&channels=255"}) {
            JsonNode body = assertRefusal(upgrade(server, query, Map.of("Authorization", TOKEN)), 400,
                    "INVALID_QUERY_PARAMETER");
            assertThat(body.path("err_msg").asText()).as(query).contains("do not go together").contains("channel(s)");
        }
        assertThat(server.admission().runningCount()).isZero();
    }

    @Test
    void unsupportedLanguageIs400() throws Exception {
        JsonNode body = assertRefusal(upgrade(server, "language=es", Map.of("Authorization", TOKEN)), 400,
                "INVALID_QUERY_PARAMETER");
        assertThat(body.path("err_msg").asText()).contains("'language'").contains("en");
    }

    /** RFC 6455 §4.4: another WebSocket version is a 426 naming the one spoken. */
    @Test
    void anotherWebSocketVersionIs426NamingThirteen() throws Exception {
        RawHttp.Response response = upgrade(server, "", Map.of("Authorization", TOKEN, "Sec-WebSocket-Version", "8"));
        assertThat(assertRefusal(response, 426, "UPGRADE_REQUIRED").path("err_msg").asText()).contains("'8'");
        assertThat(response.header("sec-websocket-version")).isEqualTo("13");
    }

    /** Any one way of authenticating is enough: a proxy's Basic header does not hide the subprotocol's key. */
    @Test
    void subprotocolCredentialsCountBesideAForeignAuthorizationHeader() {
        RawHttp.Response response = upgrade(server, "", Map.of("Authorization", "Basic dXNlcjpwYXNz",
                "Sec-WebSocket-Protocol", "token, " + TestServers.API_KEY));
        assertThat(response.status()).isEqualTo(101);
        assertThat(response.header("sec-websocket-protocol")).isEqualTo("token");
    }

    @Test
    void missingMalformedAndUnknownCredentialsAre401() throws Exception {
        assertThat(assertRefusal(upgrade(server, "", Map.of()), 401, "INVALID_AUTH").path("err_msg").asText())
                .contains("Missing credentials");
        assertThat(assertRefusal(upgrade(server, "", Map.of("Authorization", "Basic dXNlcjpwYXNz")), 401, "INVALID_AUTH")
                .path("err_msg").asText()).contains("Malformed Authorization");
        assertThat(assertRefusal(upgrade(server, "", Map.of("Authorization", "Token wrong-key")), 401, "INVALID_AUTH")
                .path("err_msg").asText()).isEqualTo("Invalid credentials.");
        assertRefusal(upgrade(server, "", Map.of("Sec-WebSocket-Protocol", "token, wrong-key")), 401, "INVALID_AUTH");
    }

    @Test
    void authIsCheckedBeforeParameters() throws Exception {
        assertRefusal(upgrade(server, "bogus=1", Map.of("Authorization", "Token wrong-key")), 401, "INVALID_AUTH");
    }

    @Test
    void notAGetOrNotAnUpgradeIs405() throws Exception {
        assertRefusal(RawHttp.request(server.port(), "PUT", "/v1/listen", Map.of("Authorization", TOKEN), new byte[0]),
                405, "METHOD_NOT_ALLOWED");
        JsonNode plainGet = assertRefusal(RawHttp.request(server.port(), "GET", "/v1/listen",
                Map.of("Authorization", TOKEN), null), 405, "METHOD_NOT_ALLOWED");
        assertThat(plainGet.path("err_msg").asText()).contains("WebSocket upgrade");
    }

    @Test
    void otherPathsAre404WithRequestId() throws Exception {
        assertRefusal(RawHttp.request(server.port(), "GET", "/v3/listen", Map.of(), null), 404, "NOT_FOUND");
    }

    @Test
    void beyondMaxStreamsIs429WithRetryAfter() throws Exception {
        try (EarshotServer small = TestServers.start(sharedEngine, b -> b.maxStreams(1))) {
            EventRecorder first = EventRecorder.connect(small.baseUri(), "", TestServers.API_KEY);
            RawHttp.Response second = upgrade(small, "", Map.of("Authorization", TOKEN));
            assertRefusal(second, 429, "TOO_MANY_REQUESTS");
            assertThat(second.header("retry-after")).isEqualTo("1");
            first.closeStream().awaitClose(Duration.ofSeconds(10));
        }
    }

    @Test
    void drainingServerAnswers503() throws Exception {
        EarshotServer draining = TestServers.start(sharedEngine, b -> b.drainPeriod(Duration.ofSeconds(20)));
        EventRecorder running = EventRecorder.connect(draining.baseUri(), "", TestServers.API_KEY);
        CompletableFuture<Void> shutdown = CompletableFuture.runAsync(draining::shutdown);
        Await.until("the server drains", () -> draining.admission().isDraining(), Duration.ofSeconds(10));
        assertRefusal(upgrade(draining, "", Map.of("Authorization", TOKEN)), 503, "SERVICE_UNAVAILABLE");
        running.closeStream();
        assertThat(running.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1000);
        shutdown.get();
    }
}
