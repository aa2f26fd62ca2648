package dev.earshot.server.ops.metrics;

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
import java.util.ArrayList;
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

    /**
     * The Grafana dashboard's queries: each is valid PromQL by promtool's own parser (as recording rules), and
     * names only metrics a real scrape has, so that a renamed metric cannot leave a panel silently empty.
     */
    @Test
    void theGrafanaDashboardQueriesParseAndNameRealMetrics(@org.junit.jupiter.api.io.TempDir Path temp)
            throws Exception {
        Path dashboard = Fixtures.dir().getParent().getParent().resolve("deploy").resolve("grafana")
                .resolve("earshot.json");
        List<String> queries = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(dashboard.toFile()).path("panels")
                .forEach(panel -> panel.path("targets").forEach(target -> queries.add(target.path("expr").asText())));
        assertThat(queries).hasSizeGreaterThan(10).allMatch(query -> !query.isBlank());

        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < queries.size(); i++) {
            rules.append("      - record: dashboard:query_").append(i).append("\n        expr: '")
                    .append(queries.get(i).replace("'", "''")).append("'\n");
        }
        Path rulesFile = temp.resolve("dashboard-rules.yml");
        Files.writeString(rulesFile, rules);
        Result checked = promtool(new byte[0], "check", "rules", rulesFile.toString());
        assertThat(checked.exitCode()).as("promtool check rules: %s", checked.output()).isZero();

        ServerMetrics metrics = new ServerMetrics(new FakeReadings());
        everyEvent(metrics.events());
        String scrape;
        try (MetricsServer server = new MetricsServer(metrics)) {
            scrape = new String(server.send("GET", "/metrics").body(), StandardCharsets.UTF_8);
        }
        java.util.Set<String> families = new java.util.HashSet<>();
        java.util.regex.Matcher type = java.util.regex.Pattern.compile("(?m)^# TYPE (\\S+) ").matcher(scrape);
        while (type.find()) {
            families.add(type.group(1));
        }
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("\\b((?:engine|earshot|jvm|process)_[a-z_]+)")
                .matcher(String.join("\n", queries));
        while (named.find()) {
            String metric = named.group(1).replaceAll("_(bucket|sum|count)$", "");
            assertThat(families).as("the dashboard's metric %s in a real scrape", named.group(1))
                    .anyMatch(family -> family.equals(metric) || family.equals(metric.replaceAll("_total$", "")));
        }
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
