package dev.earshot.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.server.testing.Await;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.ServerProcess;
import dev.earshot.server.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to a real {@code earshot serve}: status says draining, readiness and new work get 503 with
 * {@code Retry-After}, an open stream gets its words, Metadata and 1001 after the drain period, and the
 * process exits 0 having said what it drained.
 */
@Timeout(180)
class DrainTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void sigtermDrainsOpenStreamsRefusesNewWorkAndExitsZero() throws Exception {
        try (ServerProcess server = ServerProcess.start("256m", "--drain-period", "4s")) {
            EventRecorder stream = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                    TestServers.API_KEY);
            stream.sendAudio(Fixtures.pcm(Fixtures.speechAWav()), 3200);

            server.terminate();
            Await.until("status says draining", () -> draining(server), Duration.ofSeconds(30));
            RawHttp.Response ready = RawHttp.request(server.port(), "GET", "/v1/status/ready", Map.of(), new byte[0]);
            assertThat(ready.status()).isEqualTo(503);
            assertThat(ready.header("dg-error")).contains("shutting down");
            RawHttp.Response upgrade = RawHttp.upgrade(server.port(), "/v1/listen", Map.of("Authorization",
                    "Token " + TestServers.API_KEY));
            assertThat(upgrade.status()).isEqualTo(503);
            assertThat(upgrade.header("retry-after")).isNotBlank();
            assertThat(upgrade.header("dg-request-id")).isNotBlank();
            RawHttp.Response file = RawHttp.request(server.port(), "POST", "/v1/listen", Map.of("Authorization",
                    "Token " + TestServers.API_KEY, "Content-Type", "audio/wav"), Fixtures.speechAWav());
            assertThat(file.status()).isEqualTo(503);
            assertThat(file.header("retry-after")).isNotBlank();

            List<ServerMessage> rest = stream.drainUntilClosed(Duration.ofSeconds(60));
            assertThat(rest).anyMatch(MetadataMessage.class::isInstance);
            assertThat(stream.awaitClose(Duration.ofSeconds(5)).code()).isEqualTo(1001);
            assertThat(server.awaitExit(Duration.ofSeconds(60))).isZero();
            assertThat(server.log()).contains("draining: 1 stream(s) and 0 file(s)")
                    .contains("drained: 0 stream(s) finished by themselves, 1 ended with 1001");
        }
    }

    private static boolean draining(ServerProcess server) {
        try {
            RawHttp.Response status = RawHttp.request(server.port(), "GET", "/v1/status", Map.of(), new byte[0]);
            return JSON.readTree(status.body()).path("draining").asBoolean();
        } catch (Exception notYet) {
            return false;
        }
    }
}
