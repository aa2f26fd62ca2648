package dev.earshot.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LiveKit Agents' Deepgram STT plugin for Node, unmodified, against a real server: compat/livekit-js/check.mjs
 * runs {@code STT.recognize} (POST /v1/listen with the plugin's query, {@code detect_language=false} and all)
 * {@code STT.stream} (the /v1/listen WebSocket) and {@code STTv2.stream} (Flux, /v2/listen) on the speech
 * fixture, and prints one PASS/FAIL line per check (see compat/livekit-js/README.md). Skipped when node or npm
 * is not installed.
 */
@ExtendWith(SharedEngine.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class LiveKitAgentsTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    /** The script's own deadline (it stops at twice this); it fails and exits on its own before ours. */
    private static final int SCRIPT_DEADLINE_SECONDS = 45;
    private static final List<String> CHECKS = List.of("a.recognize", "b.stream-results", "b.stream-events",
            "c.flux-results", "c.flux-events");

    private static NodeProject project;
    private static EarshotServer server;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void start(VoskEngine engine) throws Exception {
        project = NodeProject.compat("livekit-js", "check.mjs");
        if (!project.available()) {
            return; // the test reports itself skipped
        }
        project.installIfNeeded(List.of("@livekit/agents", "@livekit/agents-plugin-deepgram", "@livekit/rtc-node"));
        server = TestServers.start(engine);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void deepgramPluginRecognizesAndStreamsWithOnlyTheBaseUrlChanged() throws Exception {
        project.assumeAvailable();
        Path fixture = Fixtures.dir().resolve("speech-a.wav").toAbsolutePath().normalize();
        NodeProject.Run run = project.node("check.mjs", List.of(
                "--base-url", server.baseUri().toString(),
                "--fixture", fixture.toString(),
                "--timeout", String.valueOf(SCRIPT_DEADLINE_SECONDS)),
                Map.of("EARSHOT_API_KEY", TestServers.API_KEY), SCRIPT_TIMEOUT);

        List<String> missing = run.notPassed("lk", CHECKS);
        assertThat(run.timedOut()).as("check.mjs still running after %s", SCRIPT_TIMEOUT).isFalse();
        assertThat(run.lines()).as("FAIL lines of check.mjs").noneMatch(line -> line.startsWith("FAIL "));
        assertThat(missing).as("checks that did not print PASS").isEmpty();
        assertThat(run.exitCode()).as("exit code of check.mjs").isZero();
        assertThat(run.lines()).as("summary line").contains("SUMMARY 5 passed, 0 failed, 0 skipped");
    }
}
