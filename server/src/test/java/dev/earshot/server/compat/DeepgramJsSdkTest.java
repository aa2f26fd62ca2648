package dev.earshot.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.ops.requests.ManagementApi;
import dev.earshot.server.testing.Await;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The official Deepgram JavaScript SDK, unmodified, against a real server: compat/deepgram-js/check.mjs
 * drives @deepgram/sdk 5.x ("v5"), 3.x on the ws package ("v3") and 3.x on Node's native WebSocket, the
 * transport 3.x picks by itself on Node 22+ ("v3-native"), and prints one PASS/FAIL line per check (see
 * compat/deepgram-js/README.md). Each SDK is one test; it passes when the script exits 0 and every
 * expected check printed PASS. Skipped when node or npm is not installed.
 */
@ExtendWith(SharedEngine.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class DeepgramJsSdkTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    /** The script's own deadline; it fails and exits on its own before ours. */
    private static final int SCRIPT_DEADLINE_SECONDS = 90;

    private static final List<String> COMMON_CHECKS = List.of(
            "a.connect",
            "b.stream-linear16", "c.results-linear16", "c.metadata-linear16", "d.close-linear16",
            "b.stream-wav", "c.results-wav", "c.metadata-wav", "d.close-wav",
            "e.garbage-1008", "e.no-audio-1011", "f.bad-key-401");

    private static NodeProject project;
    private static EarshotServer server;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void start(VoskEngine engine) throws Exception {
        project = NodeProject.compat("deepgram-js", "check.mjs");
        if (!project.available()) {
            return; // each test reports itself skipped
        }
        project.installIfNeeded(List.of("dg5", "dg3"));
        Path dataDir = Files.createTempDirectory("earshot-sdk-test-");
        server = TestServers.start(engine, builder -> builder.firstAudioTimeout(Duration.ofSeconds(1))
                .database("sqlite").dataDir(dataDir));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "@deepgram/sdk {0}")
    @ValueSource(strings = {"v5", "v3", "v3-native"})
    void officialSdkWorksWithOnlyTheBaseUrlChanged(String sdk) throws Exception {
        project.assumeAvailable();
        Path fixture = Fixtures.dir().resolve("speech-a.wav").toAbsolutePath().normalize();
        NodeProject.Run run = project.node("check.mjs", List.of(
                "--sdk", sdk,
                "--base-url", server.baseUri().toString(),
                "--fixture", fixture.toString(),
                "--timeout", String.valueOf(SCRIPT_DEADLINE_SECONDS)),
                Map.of("EARSHOT_API_KEY", TestServers.API_KEY), SCRIPT_TIMEOUT);

        boolean nativeWebSocket = !run.output().contains("SKIP [" + sdk + "] all");
        Assumptions.assumeTrue(nativeWebSocket, "this Node.js has no native WebSocket for " + sdk);

        List<String> failures = run.lines().stream().filter(line -> line.startsWith("FAIL ")).toList();
        List<String> expected = new ArrayList<>(COMMON_CHECKS);
        if (sdk.equals("v5")) {
            expected.add("a.connect-http-baseurl");
        }
        List<String> missing = run.notPassed(sdk, expected);

        assertThat(run.timedOut()).as("check.mjs still running after %s", SCRIPT_TIMEOUT).isFalse();
        assertThat(failures).as("FAIL lines of check.mjs --sdk %s", sdk).isEmpty();
        assertThat(missing).as("checks that did not print PASS for %s", sdk).isEmpty();
        assertThat(run.exitCode()).as("exit code of check.mjs --sdk %s", sdk).isZero();
        assertThat(run.lines()).as("summary line").anyMatch(line -> line.matches("SUMMARY \\d+ passed, 0 failed.*"));
    }

    /** Deepgram's management API over the request log: {@code client.manage.v1.projects...} unchanged. */
    @Test
    void officialSdkReadsTheRequestLogThroughTheManagementApi() throws Exception {
        project.assumeAvailable();
        RawHttp.Response file = RawHttp.request(server.port(), "POST", "/v1/listen", Map.of("Authorization",
                "Token " + TestServers.API_KEY, "Content-Type", "audio/wav"), Fixtures.speechAWav());
        assertThat(file.status()).isEqualTo(200);
        String requestId = file.header("dg-request-id");
        String logged = "/v1/projects/" + ManagementApi.PROJECT_ID + "/requests/" + requestId;
        Await.until("the request in the log", () -> RawHttp.request(server.port(), "GET", logged, Map.of(
                "Authorization", "Token " + TestServers.API_KEY), new byte[0]).status() == 200, Duration.ofSeconds(30));

        NodeProject.Run run = project.node("manage.mjs", List.of("--url", server.baseUri().toString(),
                "--key", TestServers.API_KEY, "--request-id", requestId), Map.of(), SCRIPT_TIMEOUT);
        assertThat(run.lines().stream().filter(line -> line.startsWith("FAIL "))).isEmpty();
        assertThat(run.lines().stream().filter(line -> line.startsWith("PASS [v5] m.")).count()).isEqualTo(7);
        assertThat(run.exitCode()).isZero();
    }

    /** Flux: {@code client.listen.v2} unchanged, its turns, Configure, ForceEndTurn and a refused model. */
    @Test
    void officialSdkSpeaksFluxOnV2Listen() throws Exception {
        project.assumeAvailable();
        Path speech = Fixtures.dir().toAbsolutePath();
        NodeProject.Run run = project.node("flux.mjs", List.of("--url", server.baseUri().toString(),
                "--key", TestServers.API_KEY, "--fixture", speech.resolve("speech-a.wav").toString(),
                "--reference", speech.resolve("speech-a.txt").toString()), Map.of(), SCRIPT_TIMEOUT);
        assertThat(run.lines().stream().filter(line -> line.startsWith("FAIL "))).isEmpty();
        assertThat(run.lines().stream().filter(line -> line.startsWith("PASS [v5] v2.")).count()).isEqualTo(4);
        assertThat(run.exitCode()).isZero();
    }
}
