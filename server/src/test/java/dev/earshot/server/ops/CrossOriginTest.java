package dev.earshot.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A web page on another origin posting a file: the preflight is answered and the answer is readable. */
@ExtendWith(SharedEngine.class)
@Timeout(120)
class CrossOriginTest {
    private static final String PAGE = "https://app.example";

    @Test
    void preflightIsAnsweredAndAnswersCarryTheHeadersAPageNeeds(VoskEngine engine) {
        try (EarshotServer server = TestServers.start(engine)) {
            RawHttp.Response preflight = RawHttp.request(server.port(), "OPTIONS", "/v1/listen?punctuate=true",
                    Map.of("Origin", PAGE, "Access-Control-Request-Method", "POST",
                            "Access-Control-Request-Headers", "authorization,content-type"), new byte[0]);
            assertThat(preflight.status()).isBetween(200, 204);
            assertThat(preflight.header("access-control-allow-origin")).isIn(PAGE, "*");
            assertThat(preflight.header("access-control-allow-methods")).contains("POST");
            assertThat(preflight.header("access-control-allow-headers").toLowerCase()).contains("authorization")
                    .contains("content-type");

            RawHttp.Response file = RawHttp.request(server.port(), "POST", "/v1/listen", Map.of("Origin", PAGE,
                    "Authorization", "Token " + TestServers.API_KEY, "Content-Type", "audio/wav"),
                    Fixtures.speechAWav());
            assertThat(file.status()).isEqualTo(200);
            assertThat(file.header("access-control-allow-origin")).isIn(PAGE, "*");
            assertThat(file.header("access-control-expose-headers")).contains("dg-request-id").contains("dg-error");

            RawHttp.Response status = RawHttp.request(server.port(), "GET", "/v1/status", Map.of("Origin", PAGE),
                    new byte[0]);
            assertThat(status.header("access-control-allow-origin")).isIn(PAGE, "*");

            // The openai library in a page sends its own headers, and reads x-request-id.
            RawHttp.Response openAi = RawHttp.request(server.port(), "OPTIONS", "/v1/audio/transcriptions",
                    Map.of("Origin", PAGE, "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers",
                            "authorization,content-type,x-stainless-lang,x-stainless-retry-count"), new byte[0]);
            assertThat(openAi.status()).isBetween(200, 204);
            assertThat(openAi.header("access-control-allow-headers").toLowerCase()).contains("x-stainless-lang")
                    .contains("x-stainless-retry-count");
            assertThat(file.header("access-control-expose-headers")).contains("x-request-id");
        }
    }

    @Test
    void aListOfOriginsNarrowsItAndOtherOriginsAreStillServed(VoskEngine engine) {
        try (EarshotServer server = TestServers.start(engine, b -> b.corsOrigins(PAGE + ", https://other.example"))) {
            RawHttp.Response allowed = RawHttp.request(server.port(), "GET", "/v1/status", Map.of("Origin", PAGE),
                    new byte[0]);
            assertThat(allowed.header("access-control-allow-origin")).isEqualTo(PAGE);
            RawHttp.Response elsewhere = RawHttp.request(server.port(), "GET", "/v1/status",
                    Map.of("Origin", "https://evil.example"), new byte[0]);
            assertThat(elsewhere.status()).isEqualTo(200);
            assertThat(elsewhere.header("access-control-allow-origin")).isNull();
            RawHttp.Response upgrade = RawHttp.upgrade(server.port(), "/v1/listen?encoding=linear16&sample_rate=16000",
                    Map.of("Origin", "https://evil.example", "Authorization", "Token " + TestServers.API_KEY));
            assertThat(upgrade.status()).isEqualTo(101);
        }
    }
}
