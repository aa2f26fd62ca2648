package dev.earshot.server.ops.metrics;

import dev.earshot.server.ops.ServerReadings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.earshot.server.ops.ServerReadings.LaneWaits;
import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.events.RequestRecord.Kind;
import dev.earshot.server.testing.Fixtures;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Prometheus's own checker, {@code promtool} (Debian's {@code prometheus} package, which {@code .ci/run}
 * installs), on a real scrape over HTTP, ours and the JVM's metrics together, and on {@code deploy/}. It lints
 * names as Prometheus asks (counters end in {@code _total}, base units in the name, help on every family).
 * Missing promtool fails the test rather than skipping it: a skipped check would pass CI unnoticed.
 */
@Timeout(60)
class PromtoolTest {

    @Test
    void aRealScrapePassesPromtoolsLint() throws Exception {
        FakeReadings readings = new FakeReadings();
        readings.activeStreams = 4;
        readings.streamLaneWaits = new LaneWaits(100, 3_000_000_000L);
        ServerMetrics metrics = new ServerMetrics(readings);
        everyEvent(metrics.events());
        byte[] scrape;
        try (MetricsServer server = new MetricsServer(metrics)) {
            scrape = server.send("GET", "/metrics").body();
        }

        Result result = promtool(scrape, "check", "metrics");

        assertThat(result.output()).as("promtool check metrics").isEmpty();
        assertThat(result.exitCode()).as("promtool check metrics: %s", result.output()).isZero();
    }

    @Test
    void theDeployedConfigScrapesTheMetricsAndPassesPromtool() throws Exception {
        Path config = Fixtures.dir().getParent().getParent().resolve("deploy").resolve("prometheus.yml");

        Result result = promtool(new byte[0], "check", "config", config.toString());

        assertThat(result.exitCode()).as("promtool check config: %s", result.output()).isZero();
        assertThat(result.output()).contains("SUCCESS: " + config + " is valid prometheus config file syntax");
        assertThat(Files.readString(config)).contains("metrics_path: /metrics", "\"127.0.0.1:8080\"");
    }

    /** One of each: so that every family has samples for promtool to read, not only its HELP and TYPE. */
    private static void everyEvent(RequestEvents events) {
        events.ended(Records.stream(12.5, "linear16", 1000, ""));
        events.ended(Records.stream(3, "mulaw", 1011, "NET-0001: no audio or text message received"));
        events.ended(Records.stream(1, "linear16", null, null));
        events.ended(Records.refused(Kind.STREAM, 429));
        events.ended(Records.file(200, Duration.ofSeconds(4), 60, "ogg/opus"));
        events.ended(Records.refused(Kind.OTHER, 404));
        events.resultLag(Duration.ofMillis(420));
        events.firstWord(Duration.ofMillis(900));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result promtool(byte[] input, String... arguments) throws IOException, InterruptedException {
        Path promtool = onPath("promtool");
        List<String> command = Stream.concat(Stream.of(promtool.toString()), Stream.of(arguments)).toList();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.write(input);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("promtool did not finish in 30 s: " + output);
        }
        System.out.println("$ promtool " + String.join(" ", arguments) + "\n" + output);
        return new Result(process.exitValue(), output);
    }

    private static Path onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return fail(program + " is not on PATH: install Debian's prometheus package (apt-get install -y prometheus),"
                + " as .ci/run does");
    }
}
