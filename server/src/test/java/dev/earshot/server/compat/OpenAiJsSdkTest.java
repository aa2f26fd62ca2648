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
 * The official OpenAI JavaScript library, unmodified, against a real server with only its baseURL changed:
 * compat/openai-js/transcribe.mjs calls {@code client.audio.transcriptions.create} in every response_format,
 * streamed, and with a bad key, and prints one PASS/FAIL line per check. Skipped when node or npm is not
 * installed, as {@link DeepgramJsSdkTest} is.
 */
@ExtendWith(SharedEngine.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class OpenAiJsSdkTest {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(2);
    private static final List<String> CHECKS = List.of("a.json", "b.text", "c.verbose-json-words", "d.srt", "e.vtt",
            "f.stream", "g.bad-key-401", "h.bad-format-400");

    private static NodeProject project;
    private static EarshotServer server;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void start(VoskEngine engine) throws Exception {
        project = NodeProject.compat("openai-js", "transcribe.mjs");
        if (!project.available()) {
            return; // the test reports itself skipped
        }
        project.installIfNeeded(List.of("openai"));
        server = TestServers.start(engine);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void officialLibraryTranscribesWithOnlyTheBaseUrlChanged() throws Exception {
        project.assumeAvailable();
        Path fixture = Fixtures.dir().resolve("speech-a.wav").toAbsolutePath().normalize();
        NodeProject.Run run = project.node("transcribe.mjs", List.of("--base-url", server.baseUri().toString(),
                "--fixture", fixture.toString()), Map.of("EARSHOT_API_KEY", TestServers.API_KEY), SCRIPT_TIMEOUT);

        List<String> missing = run.notPassed("openai", CHECKS);
        assertThat(run.timedOut()).as("transcribe.mjs still running after %s", SCRIPT_TIMEOUT).isFalse();
        assertThat(run.lines().stream().filter(line -> line.startsWith("FAIL "))).as("FAIL lines").isEmpty();
        assertThat(missing).as("checks that did not print PASS").isEmpty();
        assertThat(run.exitCode()).as("exit code of transcribe.mjs").isZero();
    }
}
