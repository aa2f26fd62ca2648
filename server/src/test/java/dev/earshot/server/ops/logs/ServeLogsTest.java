package dev.earshot.server.ops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.testing.Await;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code earshot serve} in a JVM of its own, its stderr read apart from its stdout: a refused request's log line
 * carries the {@code dg-request-id} the client got, in {@code request_id} (json) or in brackets after the full
 * logger name (text); the warm-up's line has none; and every line of stderr is one event.
 */
@Timeout(180)
class ServeLogsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LISTENING = Pattern.compile("earshot listening on (\\S+)");

    @Test
    void jsonPutsTheResponsesRequestIdInAFieldAndEveryStderrLineIsJson() throws Exception {
        Serve serve = Serve.start("--log-format", "json");
        String requestId = refusedRequestId(serve);
        assertThat(serve.stopAndAwaitExit()).isZero();

        assertThat(serve.out).anyMatch(line -> line.startsWith("earshot listening on http://127.0.0.1:"));
        List<JsonNode> lines = new ArrayList<>();
        for (String line : serve.err) {
            JsonNode event = JSON.readTree(line);
            assertThat(event.isObject()).as(line).isTrue();
            assertThat(event.has("time") && event.has("level") && event.has("logger") && event.has("message"))
                    .as(line).isTrue();
            lines.add(event);
        }
        assertThat(lines).as("stderr:%n%s", String.join("\n", serve.err))
                .anySatisfy(event -> {
                    assertThat(event.path("request_id").asText()).isEqualTo(requestId);
                    assertThat(event.path("logger").asText()).isEqualTo("dev.earshot.server.transport.ListenEndpoint");
                    assertThat(event.path("message").asText()).startsWith("POST /v1/listen refused: 401 ");
                })
                .anySatisfy(event -> {
                    assertThat(event.path("logger").asText()).isEqualTo("dev.earshot.server.EngineWarmUp");
                    assertThat(event.path("message").asText()).startsWith("1 recognisers warm after ");
                    assertThat(event.has("request_id")).isFalse();
                });
    }

    @Test
    void textNamesTheLoggerInFullWithTheRequestIdInBrackets() throws Exception {
        Serve serve = Serve.start();
        String requestId = refusedRequestId(serve);
        assertThat(serve.stopAndAwaitExit()).isZero();

        assertThat(serve.err).as("stderr:%n%s", String.join("\n", serve.err))
                .anySatisfy(line -> assertThat(line).matches(
                        "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z INFO  dev\\.earshot\\.server\\.transport"
                                + "\\.ListenEndpoint \\[[^\\]]+\\] \\[" + requestId
                                + "\\] POST /v1/listen refused: 401 .*"))
                .anySatisfy(line -> assertThat(line).contains(" INFO  dev.earshot.server.EngineWarmUp [")
                        .contains("] 1 recognisers warm after "));
    }

    /** A file with a key the server does not know: 401, logged with the id the answer carries. */
    private static String refusedRequestId(Serve serve) {
        RawHttp.Response refused = RawHttp.request(serve.uri.getPort(), "POST", "/v1/listen",
                Map.of("Authorization", "Token not-a-key", "Content-Type", "audio/wav"), new byte[44]);
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("dg-request-id")).isNotBlank();
        return refused.header("dg-request-id");
    }

    /** The server's process, its stdout and its stderr as lists of lines. */
    private static final class Serve {
        final Process process;
        final URI uri;
        final List<String> out;
        final List<String> err;
        final List<Thread> readers;

        private Serve(Process process, URI uri, List<String> out, List<String> err, List<Thread> readers) {
            this.process = process;
            this.uri = uri;
            this.out = out;
            this.err = err;
            this.readers = readers;
        }

        /** As {@code ServerProcess} starts it, but with stderr kept apart. */
        static Serve start(String... options) throws Exception {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "-cp", System.getProperty("java.class.path"), "dev.earshot.server.Main", "serve",
                    "--host", "127.0.0.1", "--port", "0", "--api-keys", TestServers.API_KEY, "--model",
                    SharedEngine.modelDir().toAbsolutePath().toString(), "--warm-up", "1", "--warm-recognizers", "1",
                    "--database", "none", "--drain-period", "1s"));
            command.addAll(List.of(options));
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().put("MALLOC_ARENA_MAX", "2");
            Process process = builder.start();
            List<String> out = new CopyOnWriteArrayList<>();
            List<String> err = new CopyOnWriteArrayList<>();
            CompletableFuture<URI> listening = new CompletableFuture<>();
            List<Thread> readers = List.of(read(process.getInputStream(), out, listening, "out"),
                    read(process.getErrorStream(), err, listening, "err"));
            try {
                return new Serve(process, listening.get(90, TimeUnit.SECONDS), out, err, readers);
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException("the server did not start: " + e + "\nstdout: " + out + "\nstderr: "
                        + err, e);
            }
        }

        private static Thread read(InputStream stream, List<String> lines, CompletableFuture<URI> listening,
                                   String name) {
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                        Matcher matcher = LISTENING.matcher(line);
                        if (name.equals("out") && matcher.find()) {
                            listening.complete(URI.create(matcher.group(1)));
                        }
                    }
                } catch (IOException ignored) {
                    // The process ended.
                }
                listening.completeExceptionally(new IllegalStateException("the server's std" + name + " ended"));
            }, "serve-std" + name);
            reader.setDaemon(true);
            reader.start();
            return reader;
        }

        /** SIGTERM; the exit code once the server has drained and its output has been read to the end. */
        int stopAndAwaitExit() throws InterruptedException {
            // The warm-up's line, one without a request id, is the last the server writes by itself.
            Await.until("the warm-up is logged", () -> err.stream().anyMatch(line -> line.contains("recognisers warm")),
                    Duration.ofSeconds(90));
            process.toHandle().destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return -1;
            }
            for (Thread reader : readers) {
                reader.join(10_000);
            }
            return process.exitValue();
        }
    }
}
