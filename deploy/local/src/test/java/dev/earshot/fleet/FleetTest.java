package dev.earshot.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * {@code fleet.sh up 2}, for real: PostgreSQL, two replicas (one stream each) and HAProxy. Through the balancer,
 * request ids are found whichever replica served them, a stream works, a full fleet answers 429 at once,
 * {@code roll} under a live stream loses none of its words, and {@code down} leaves no process behind.
 */
@Timeout(900)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STEP = Duration.ofSeconds(120);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private Fleet fleet;
    private boolean down;

    @BeforeAll
    void up() throws Exception {
        fleet = new Fleet();
        String output = fleet.run(Duration.ofMinutes(5), "up", "2");
        List<String> lines = output.lines().toList();
        assertThat(lines.get(lines.size() - 1)).isEqualTo("fleet ready: http://127.0.0.1:" + fleet.port());
    }

    @AfterAll
    void cleanUp() throws Exception {
        if (fleet == null) {
            return;
        }
        if (!down) {
            fleet.run(STEP, "down");
        }
        Path pgDir = fleet.directory().resolve("state/pg/dir");
        if (Files.exists(pgDir)) {
            delete(Path.of(Files.readString(pgDir).trim()));
        }
        delete(fleet.directory());
    }

    @Test
    @Order(1)
    void requestIdsAreFoundThroughTheBalancerWhicheverReplicaServedThem() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> file = http.send(HttpRequest.newBuilder(fleet.uri().resolve("/v1/listen"))
                    .header("Authorization", "Token " + Fleet.API_KEY).header("Content-Type", "audio/wav")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(wav("dictated-code.wav"))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(file.statusCode()).as(file.body()).isEqualTo(200);
            ids.add(file.headers().firstValue("dg-request-id").orElseThrow());
        }
        String project = get("/v1/projects", 200).path("projects").path(0).path("project_id").asText();
        for (String id : ids) {
            assertThat(get("/v1/projects/" + project + "/requests/" + id, 200).path("request").path("request_id").asText())
                    .isEqualTo(id);
        }
        Path log = fleet.directory().resolve("state/haproxy/haproxy.log");
        await("HAProxy's log shows files served by both replicas", () -> {
            String text = read(log);
            return text.contains("replicas/replica-1 ") && text.contains("replicas/replica-2 ");
        });
    }

    @Test
    @Order(2)
    void aStreamThroughTheBalancerGetsResultsAndClosesNormally() throws Exception {
        LiveStream stream = LiveStream.open(fleet.uri(), Fleet.API_KEY).sendAudio(wav("dictated-code.wav"))
                .sendText("{\"type\":\"CloseStream\"}");
        assertThat(stream.awaitClose(STEP)).isEqualTo(1000);
        assertThat(stream.finalText()).contains("two three");
    }

    @Test
    @Order(3)
    void aFullFleetAnswers429AtOnce() throws Exception {
        awaitIdle(); // the last stream's connection lingers (--close-linger) and counts for least connections
        LiveStream first = LiveStream.open(fleet.uri(), Fleet.API_KEY);
        LiveStream second = LiveStream.open(fleet.uri(), Fleet.API_KEY); // least connections: the other replica
        assertRefusedWith429(); // HAProxy may still count them ready: the replica's own 429 passes through
        await("HAProxy takes both full replicas out", () -> status().split("haproxy DOWN", -1).length == 3);
        assertRefusedWith429(); // none ready: a live one answers, rather than HAProxy's 503
        first.sendText("{\"type\":\"CloseStream\"}");
        second.sendText("{\"type\":\"CloseStream\"}");
        assertThat(first.awaitClose(STEP)).isEqualTo(1000);
        assertThat(second.awaitClose(STEP)).isEqualTo(1000);
        awaitIdle();
    }

    /**
     * The stream's replica drains for its 3 s and then ends it as on any shutdown: its last finals, Metadata and
     * 1001 (the client did not close it; had it sent CloseStream during the drain, 1000).
     */
    @Test
    @Order(4)
    void rollUnderALiveStreamLosesNothingAndNewStreamsWorkAfterIt() throws Exception {
        LiveStream stream = LiveStream.open(fleet.uri(), Fleet.API_KEY).sendAudio(wav("speech-a.wav"));
        await(() -> "finals for most of the stream's audio (the last one waits for the end of the stream): " + stream,
                () -> keepAlive(stream) && stream.audioReached() >= 9.0);
        Fleet.Started roll = fleet.start("roll");
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (!roll.await(2_000)) { // a client keeps a quiet stream open with KeepAlive, as Deepgram's do
            assertThat(System.nanoTime()).as("roll still running").isLessThan(deadline);
            keepAlive(stream);
        }
        String output = roll.await(STEP);
        assertThat(output).contains("replica-1: SIGTERM to pid", "replica-1: ready, and up in haproxy",
                "replica-2: SIGTERM to pid", "replica-2: ready, and up in haproxy", "rolled 2 replica(s)");
        assertThat(stream.awaitClose(STEP)).as(stream.closeReason()).isEqualTo(1001);
        assertThat(stream.types()).contains("Metadata");
        assertThat(stream.finalText()).contains("canoe", "round bowls");

        LiveStream after = LiveStream.open(fleet.uri(), Fleet.API_KEY).sendAudio(wav("dictated-code.wav"))
                .sendText("{\"type\":\"CloseStream\"}");
        assertThat(after.awaitClose(STEP)).isEqualTo(1000);
        assertThat(after.finalText()).contains("two three");
    }

    /**
     * A replica told to stop drains its open stream and refuses new work with 503 meanwhile (3 s here); HAProxy
     * sends each such request to the other replica (retry-on 503, redispatch). With both replicas holding a
     * stream, least connections alternates between them, so some requests meet the draining one. Upgrades with
     * a wrong key hold no place: every one must get the live replica's 401, none a 503.
     */
    @Test
    @Order(5)
    void aDrainingReplicasRefusalsAreRetriedOnAnother() throws Exception {
        awaitIdle();
        Path state = fleet.directory().resolve("state");
        Path log = state.resolve("haproxy/haproxy.log");
        LiveStream first = LiveStream.open(fleet.uri(), Fleet.API_KEY);
        LiveStream second = LiveStream.open(fleet.uri(), Fleet.API_KEY); // least connections: the other replica
        await("HAProxy takes both full replicas out", () -> status().split("haproxy DOWN", -1).length == 3);
        int logged = read(log).length();
        ProcessHandle.of(pid(state.resolve("replica-1/pid"))).orElseThrow().destroy(); // SIGTERM
        for (int i = 0; i < 6; i++) {
            Throwable refused = catchThrowable(() -> LiveStream.open(fleet.uri(), "wrong-key"));
            assertThat(refused).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(WebSocketHandshakeException.class);
            assertThat(((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode()).isEqualTo(401);
        }
        // httplog's actconn/feconn/beconn/srv_conn/retries: "+1" is a retry redispatched to another server.
        Pattern redispatched = Pattern.compile("replica-2 .* \\d+/\\d+/\\d+/\\d+/\\+[1-9] .*GET /v1/listen");
        await("HAProxy's log shows a 503 of the draining replica retried on the other",
                () -> redispatched.matcher(read(log).substring(logged)).find());
        for (LiveStream stream : List.of(first, second)) {
            try {
                if (!stream.closed()) {
                    stream.sendText("{\"type\":\"CloseStream\"}");
                }
            } catch (CompletionException closedMeanwhile) {
                // the draining replica ended it (1001) between the check and the send
            }
            assertThat(stream.awaitClose(STEP)).isIn(1000, 1001);
        }
        String rolled = fleet.run(STEP, "roll"); // replica-1 comes back for what follows
        assertThat(rolled).contains("replica-1: started pid", "rolled 2 replica(s)");
        awaitIdle();
    }

    @Test
    @Order(6)
    void downLeavesNoProcessOfTheFleetRunning() throws Exception {
        Path state = fleet.directory().resolve("state");
        List<Long> pids = new ArrayList<>();
        pids.add(pid(state.resolve("haproxy/pid")));
        pids.add(pid(state.resolve("replica-1/pid")));
        pids.add(pid(state.resolve("replica-2/pid")));
        pids.add(pid(Path.of(Files.readString(state.resolve("pg/dir")).trim(), "data/postmaster.pid")));
        String output = fleet.run(STEP, "down");
        down = true;
        assertThat(output).contains("stopped haproxy pid", "stopped replica-1 pid", "stopped replica-2 pid",
                "stopped postgresql pid");
        // fleet.sh's children outlive it: whoever adopted them reaps them, maybe a moment after they ended.
        await("every process of the fleet has ended", () -> pids.stream().noneMatch(FleetTest::running));
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("")
                .contains(state.toString())).map(p -> p.pid() + " " + p.info().commandLine().orElse(""))).isEmpty();
    }

    private void assertRefusedWith429() {
        long started = System.nanoTime();
        Throwable refused = catchThrowable(() -> LiveStream.open(fleet.uri(), Fleet.API_KEY));
        assertThat(refused).isInstanceOf(CompletionException.class).hasCauseInstanceOf(WebSocketHandshakeException.class);
        HttpResponse<?> response = ((WebSocketHandshakeException) refused.getCause()).getResponse();
        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).isPresent();
        assertThat(response.headers().firstValue("dg-request-id")).isPresent();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    private void awaitIdle() {
        await("both replicas ready in HAProxy, with no connection open",
                () -> status().split("haproxy UP, 0 session\\(s\\)\n", -1).length == 3);
    }

    /** Alive and not a zombie (an ended process its parent has not reaped yet). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return !stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException gone) {
            return false;
        }
    }

    /** Sends KeepAlive, as a client does on a quiet stream, unless the stream has ended; always true. */
    private static boolean keepAlive(LiveStream stream) {
        try {
            if (!stream.closed()) {
                stream.sendText("{\"type\":\"KeepAlive\"}");
            }
        } catch (CompletionException closedMeanwhile) {
            // The server ended the stream between the check and the send: what follows asserts how.
        }
        return true;
    }

    private String status() {
        try {
            return fleet.run(STEP, "status");
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(fleet.uri().resolve(path))
                .header("Authorization", "Token " + Fleet.API_KEY).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static byte[] wav(String name) throws IOException {
        return Files.readAllBytes(Path.of(System.getProperty("earshot.fixtures.dir", "../../fixtures"), "speech", name));
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long pid(Path file) throws IOException {
        return Long.parseLong(Files.readAllLines(file).get(0).trim());
    }

    /** Polls every 100 ms until the condition holds; fails after two minutes. */
    private static void await(String what, BooleanSupplier condition) {
        await(() -> what, condition);
    }

    private static void await(Supplier<String> what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + STEP.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(() -> "not within " + STEP + ": " + what.get()).isLessThan(deadline);
            LockSupport.parkNanos(100_000_000);
        }
    }

    private static void delete(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
