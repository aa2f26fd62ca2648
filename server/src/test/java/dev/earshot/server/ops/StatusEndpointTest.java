package dev.earshot.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.EngineWarmUp;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /v1/status}, {@code /v1/status/engine} and {@code /v1/status/ready} on a real server, with no key. */
@ExtendWith(SharedEngine.class)
@Timeout(180)
class StatusEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RawHttp.Response get(EarshotServer server, String path) {
        return RawHttp.request(server.port(), "GET", path, Map.of(), new byte[0]);
    }

    private static JsonNode ok(RawHttp.Response response) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("dg-request-id")).isNotBlank();
        assertThat(response.header("content-type")).startsWith("application/json");
        return JSON.readTree(response.body());
    }

    @Test
    void statusCountsStreamsInDeepgramsShapeAndShowsNoKey(VoskEngine engine) throws Exception {
        try (EarshotServer server = TestServers.start(engine, b -> b.maxStreams(3).maxFileRequests(2))) {
            JsonNode idle = ok(get(server, "/v1/status"));
            assertThat(idle.path("system_health").asText()).isEqualTo("Ready");
            assertThat(idle.path("active_stream_requests").asInt()).isZero();
            assertThat(idle.has("active_batch_requests")).isTrue();
            assertThat(idle.path("active_listen_v2_stream_requests").asInt()).isZero();
            assertThat(idle.path("max_stream_requests").asInt()).isEqualTo(3);
            assertThat(idle.path("max_batch_requests").asInt()).isEqualTo(2);
            assertThat(idle.path("warm_up_progress").asDouble()).isEqualTo(1.0);
            assertThat(idle.path("draining").asBoolean()).isFalse();
            assertThat(idle.path("version").asText()).isNotBlank();
            assertThat(idle.toString()).doesNotContain(TestServers.API_KEY);

            EventRecorder stream = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                    TestServers.API_KEY);
            stream.sendAudio(Fixtures.silence16k(200), 3200);
            JsonNode busy = ok(get(server, "/v1/status"));
            assertThat(busy.path("active_stream_requests").asInt()).isEqualTo(1);
            assertThat(busy.path("system_health").asText()).isEqualTo("Healthy");
            stream.closeStream().awaitClose(Duration.ofSeconds(30));
        }
    }

    @Test
    void engineStatusIsConnectedOnceTheServerListens(VoskEngine engine) throws Exception {
        try (EarshotServer server = TestServers.start(engine)) {
            assertThat(ok(get(server, "/v1/status/engine")).path("engine_connection_status").asText())
                    .isEqualTo("Connected");
        }
    }

    @Test
    void readyRefusesWhileWarmingUpAndWhileFullSayingWhy(VoskEngine engine) throws Exception {
        try (EarshotServer server = TestServers.start(engine, b -> b.maxStreams(1))) {
            assertThat(ok(get(server, "/v1/status/ready")).path("ready").asBoolean()).isTrue();

            EngineWarmUp.Progress warming = server.warmUp(2);
            RawHttp.Response during = get(server, "/v1/status/ready");
            assertThat(during.status()).isEqualTo(503);
            assertThat(during.header("dg-error")).contains("warming up");
            assertThat(during.header("retry-after")).isNotBlank();
            assertThat(ok(get(server, "/v1/status")).path("system_health").asText()).isEqualTo("Initializing");
            assertThat(warming.await(120, TimeUnit.SECONDS)).isTrue();
            assertThat(get(server, "/v1/status/ready").status()).isEqualTo(200);

            EventRecorder stream = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                    TestServers.API_KEY);
            stream.sendAudio(Fixtures.silence16k(200), 3200);
            RawHttp.Response full = get(server, "/v1/status/ready");
            assertThat(full.status()).isEqualTo(503);
            assertThat(full.header("dg-error")).contains("limit of 1 concurrent streams");
            assertThat(ok(get(server, "/v1/status")).path("system_health").asText()).isEqualTo("Degraded");
            stream.closeStream().awaitClose(Duration.ofSeconds(30));
        }
    }

    @Test
    void onlyGetIsAllowed(VoskEngine engine) {
        try (EarshotServer server = TestServers.start(engine)) {
            RawHttp.Response post = RawHttp.request(server.port(), "POST", "/v1/status", Map.of(), new byte[0]);
            assertThat(post.status()).isEqualTo(405);
            assertThat(post.header("dg-error")).contains("use GET");
        }
    }

    @Test
    void metricsOfTheRealServerCountTheStreamAndItsClose(VoskEngine engine) throws Exception {
        try (EarshotServer server = TestServers.start(engine)) {
            EventRecorder stream = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                    TestServers.API_KEY);
            stream.sendAudio(Fixtures.pcm(Fixtures.speechAWav()), 3200).closeStream()
                    .drainUntilClosed(Duration.ofSeconds(60));
            RawHttp.Response scrape = get(server, "/metrics");
            assertThat(scrape.status()).isEqualTo(200);
            assertThat(scrape.header("dg-request-id")).isNotBlank();
            assertThat(scrape.body())
                    .contains("engine_requests_total{kind=\"stream\",response_status=\"101\"} 1")
                    .contains("earshot_stream_closes_total{code=\"1000\",reason=\"normal\"} 1")
                    .contains("engine_stream_latency_seconds_count")
                    .contains("earshot_audio_seconds_total{encoding=\"linear16\",kind=\"stream\"}")
                    .contains("engine_max_active_requests{kind=\"stream\"} " + TestServers.settings().maxStreams())
                    .contains("jvm_memory_used_bytes");
        }
    }
}
