package dev.earshot.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.NodeScripts;
import dev.earshot.server.testing.NodeScripts.Run;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
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

    private static Path compatDir;
    private static boolean nodeAvailable;
    private static EarshotServer server;

    @BeforeAll
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    static void start(VoskEngine engine) throws Exception {
        compatDir = NodeScripts.compatDir("openai-js");
        assertThat(compatDir.resolve("transcribe.mjs")).as("the compatibility script").exists();
        String nodeVersion = NodeScripts.versionOf(NodeScripts.command("node"));
        nodeAvailable = nodeVersion != null && NodeScripts.versionOf(NodeScripts.command("npm")) != null;
        if (!nodeAvailable) {
            return; // the test reports itself skipped
        }
        System.out.println("[openai-js] node " + nodeVersion);
        if (!NodeScripts.installed(compatDir, List.of("openai"))) {
            Run install = NodeScripts.npmCi(compatDir);
            NodeScripts.print("openai-js", "npm ci", install);
            assertThat(install.timedOut()).as("npm ci still running after %s", NodeScripts.NPM_CI_TIMEOUT).isFalse();
            assertThat(install.exitCode()).as("exit code of npm ci in %s", compatDir).isZero();
        }
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
        Assumptions.assumeTrue(nodeAvailable, "node or npm is not installed ('node --version' or 'npm --version' "
                + "could not run), so the openai package cannot be exercised (install Node.js 20+ to run this test)");
        Path fixture = Fixtures.dir().resolve("speech-a.wav").toAbsolutePath().normalize();
        Run run = NodeScripts.run(compatDir, List.of(NodeScripts.command("node"), "transcribe.mjs",
                "--base-url", server.baseUri().toString(), "--fixture", fixture.toString()),
                Map.of("EARSHOT_API_KEY", TestServers.API_KEY), SCRIPT_TIMEOUT);
        NodeScripts.print("openai-js", "transcribe.mjs", run);

        List<String> missing = CHECKS.stream().filter(id -> run.lines().stream()
                .noneMatch(line -> line.startsWith("PASS [openai] " + id))).toList();
        assertThat(run.timedOut()).as("transcribe.mjs still running after %s", SCRIPT_TIMEOUT).isFalse();
        assertThat(run.lines().stream().filter(line -> line.startsWith("FAIL "))).as("FAIL lines").isEmpty();
        assertThat(missing).as("checks that did not print PASS").isEmpty();
        assertThat(run.exitCode()).as("exit code of transcribe.mjs").isZero();
    }
}
