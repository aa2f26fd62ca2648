package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The bench runs end to end against a server it spawns, the engine alone and idle sessions, and writes a
 * well-formed report. No figure is asserted: on a shared build machine they mean nothing.
 */
@Timeout(120)
class BenchSmokeTest {
    private static final Path TARGET = Path.of("target", "smoke");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private JsonNode run(String name, String... args) throws Exception {
        Path json = TARGET.resolve(name + ".json");
        Files.deleteIfExists(json);
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--json";
        all[args.length + 1] = json.toString();
        int exitCode = BenchCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), Map.of())
                .execute(all);
        assertThat(exitCode).as("stdout:%n%s%nstderr:%n%s", out, err).isZero();
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.path("cores").asInt()).isPositive();
        assertThat(report.path("java_version").asText()).isNotBlank();
        assertThat(report.path("model").asText()).isEqualTo("vosk-model-small-en-us");
        assertThat(report.path("date").asText()).isNotBlank();
        return report;
    }

    private static void assertStep(JsonNode step, int streams) {
        assertThat(step.path("streams").asInt()).isEqualTo(streams);
        for (String figure : new String[] {"lag_ms", "first_partial_ms", "final_latency_ms", "handshake_ms"}) {
            assertThat(step.path(figure).has("p50")).as(figure).isTrue();
            assertThat(step.path(figure).has("p95")).as(figure).isTrue();
            assertThat(step.path(figure).has("max")).as(figure).isTrue();
        }
        assertThat(step.path("lag_ms").path("count").asInt()).isPositive();
        for (String figure : new String[] {"cpu_cores", "rss_mb", "errors", "close_codes", "wer", "within_bound"}) {
            assertThat(step.has(figure)).as(figure).isTrue();
        }
    }

    @Test
    void aSpawnedServerStepGivesAReportAndAPlot() throws Exception {
        Path plot = TARGET.resolve("spawn.svg");
        Files.deleteIfExists(plot);
        JsonNode report = run("spawn", "--spawn", "--streams", "2", "--duration", "4s", "--warm-up", "2", "--plot",
                plot.toString());
        assertThat(report.path("mode").asText()).isEqualTo("steps");
        assertThat(report.path("steps")).hasSize(1);
        JsonNode step = report.path("steps").get(0);
        assertStep(step, 2);
        assertThat(step.path("close_codes").path("1000").asInt()).isEqualTo(2);
        assertThat(step.path("handshake_ms").path("count").asInt()).isEqualTo(2);
        assertThat(step.path("cpu_cores").isNumber()).isTrue();
        assertThat(Files.readString(plot)).startsWith("<svg").contains("<polyline").endsWith("</svg>\n");
        assertThat(out.toString()).contains("streams  lag p50").contains("report: ");
    }

    @Test
    void aPhoneCallIsMulawAt8kHzIn20msFramesAndTheServerHearsIt() throws Exception {
        JsonNode report = run("telephony", "--spawn", "--telephony", "--streams", "1", "--duration", "4s", "--warm-up", "0");
        JsonNode parameters = report.path("parameters");
        assertThat(parameters.path("frame_ms").asInt()).isEqualTo(20);
        assertThat(parameters.path("query").asText()).startsWith("encoding=mulaw&sample_rate=8000&channels=1&");
        JsonNode step = report.path("steps").get(0);
        assertStep(step, 1);
        assertThat(step.path("close_codes").path("1000").asInt()).isEqualTo(1);
        // Not a figure but behaviour: a server that took the bytes for linear16, or an encoder that got μ-law
        // wrong, transcribes noise (WER near 1). This sentence gives 0.375 (3 of 8 words) as a phone call.
        assertThat(step.path("wer").asDouble()).as("word error rate").isLessThan(0.5);
        assertThat(out.toString()).contains("as mulaw at 8000 Hz in 20 ms frames");
    }

    @Test
    void accuracyComparesTheEngineAloneWithTheServerOnEveryFixtureSentAsOggOpus() throws Exception {
        JsonNode report = run("accuracy", "--spawn", "--accuracy", "--wire", "ogg-opus", "--fast", "--endpointing", "0",
                "--warm-up", "0");
        JsonNode accuracy = report.path("accuracy");
        assertThat(report.path("mode").asText()).isEqualTo("accuracy");
        assertThat(accuracy.path("wire").asText()).isEqualTo("ogg-opus");
        assertThat(accuracy.path("query").asText()).startsWith("encoding=ogg-opus&sample_rate=16000&");
        assertThat(accuracy.path("real_time").asBoolean()).isFalse();
        JsonNode step = accuracy.path("steps").get(0);
        assertThat(step.path("streams").asInt()).isEqualTo(1);
        assertThat(step.path("fixtures")).extracting(row -> row.path("fixture").asText())
                .containsExactly("speech-a", "speech-b");
        JsonNode total = step.path("total");
        assertThat(total.path("plays").asInt()).isEqualTo(2);
        assertThat(total.path("engine_failed").asInt() + total.path("server_failed").asInt()).isZero();
        // Not a figure but behaviour: a server that could not read the Ogg/Opus would transcribe nothing (WER 1).
        assertThat(total.path("server_wer").asDouble()).as("server word error rate").isLessThan(0.5);
        assertThat(total.path("engine_wer").asDouble()).as("engine word error rate").isLessThan(0.5);
        assertThat(out.toString()).contains("accuracy: wire ogg-opus (Ogg/Opus 32 kbit/s", "engine WER  server WER",
                "WER with 1 stream at once");
    }

    @Test
    void theEngineAloneGivesTheSameFigures() throws Exception {
        JsonNode report = run("engine", "--engine-only", "--streams", "1", "--duration", "3s");
        assertThat(report.path("mode").asText()).isEqualTo("engine-only steps");
        assertThat(report.path("target").asText()).isEqualTo("none");
        assertStep(report.path("steps").get(0), 1);
        assertThat(report.path("steps").get(0).path("close_codes").path("finished").asInt()).isEqualTo(1);
    }

    @Test
    void theEnginesFirstWordsAreTimedPerFixture() throws Exception {
        JsonNode report = run("first-words", "--first-words");
        JsonNode firstWords = report.path("first_words");
        assertThat(report.path("mode").asText()).isEqualTo("first-words");
        assertThat(report.path("parameters").path("real_time").asBoolean()).isFalse();
        assertThat(firstWords.path("utterances").asInt()).isEqualTo(10);
        assertThat(firstWords.path("latency_ms").path("count").asInt() + firstWords.path("missed").asInt()).isEqualTo(10);
        assertThat(firstWords.path("fixtures")).hasSize(2);
        assertThat(firstWords.path("pre_roll_ms").asInt()).isEqualTo(500);
        int counted = 0;
        for (var latency = firstWords.path("utterances_by_latency").fields(); latency.hasNext(); ) {
            var entry = latency.next();
            assertThat(Integer.parseInt(entry.getKey()) % 100).as("latencies fall on the block grid").isZero();
            counted += entry.getValue().asInt();
        }
        assertThat(counted).isEqualTo(firstWords.path("latency_ms").path("count").asInt());
        assertThat(out.toString()).contains("first words: 10 utterances", "utterances by latency: ");
    }

    @Test
    void idleSessionsAreHeldAndCounted() throws Exception {
        JsonNode report = run("idle", "--spawn", "--idle", "3", "--idle-hold", "1s", "--warm-up", "0");
        JsonNode idle = report.path("idle");
        assertThat(report.path("mode").asText()).isEqualTo("idle");
        assertThat(idle.path("sessions").asInt()).isEqualTo(3);
        assertThat(idle.path("opened").asInt()).isEqualTo(3);
        assertThat(idle.path("alive_at_end").asInt()).isEqualTo(3);
        assertThat(idle.path("close_codes").path("1000").asInt()).isEqualTo(3);
        assertThat(idle.has("per_session_kb")).isTrue();
    }
}
