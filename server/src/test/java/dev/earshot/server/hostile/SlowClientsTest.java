package dev.earshot.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.Await;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import dev.earshot.server.testing.WordErrorRate;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Clients that take their time cost the server nothing it needs for others: a head or body that trickles
 * gets 408 with a request id, slow uploads hold no transcription slot, a client that hangs up frees its
 * slot at once, and a slot freed is free for a client that waited for it. Loopback only, bounded in time.
 */
@ExtendWith(SharedEngine.class)
@Timeout(180)
class SlowClientsTest {
    private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static VoskEngine engine;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<EarshotServer> servers = new ArrayList<>();

    @BeforeAll
    static void engine(VoskEngine shared) {
        engine = shared;
    }

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
        servers.forEach(EarshotServer::close);
    }

    private EarshotServer server(java.util.function.UnaryOperator<dev.earshot.server.SettingsBuilder> customize) {
        EarshotServer server = TestServers.start(engine, customize);
        servers.add(server);
        return server;
    }

    private static RawHttp.Response post(EarshotServer server, byte[] body) {
        return RawHttp.request(server.port(), "POST", "/v1/listen", Map.of("Authorization", "Token "
                + TestServers.API_KEY, "Content-Type", "audio/wav"), body);
    }

    /** The contract's refusal shape: the status, dg-request-id, dg-error equal to the body's err_msg. */
    private static JsonNode refusal(RawHttp.Response response, int status) throws Exception {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("dg-request-id")).matches(UUID_V4);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("err_msg").asText()).isEqualTo(response.header("dg-error"));
        assertThat(body.path("request_id").asText()).isEqualTo(response.header("dg-request-id"));
        return body;
    }

    @Test
    void aBodyThatTricklesGets408WhenItFallsBehindTheRule() throws Exception {
        EarshotServer server = server(b -> b.upload(Duration.ofSeconds(1), 1024, Duration.ofSeconds(10)));
        try (Trickle slow = Trickle.body(server.port(), TestServers.API_KEY, 100_000, Duration.ofMillis(50), scheduler)) {
            JsonNode body = refusal(slow.response(), 408);
            assertThat(body.path("err_code").asText()).isEqualTo("REQUEST_TIMEOUT");
            assertThat(body.path("err_msg").asText()).startsWith("Request timeout: ").contains("bytes of the body arrived in");
            // 1 s, plus 1 s per KiB received: at 20 bytes a second, well under 2 s. Wide margin for a busy machine.
            assertThat(slow.sinceOpened()).isLessThan(Duration.ofSeconds(8));
        }
    }

    @Test
    void aHeadThatTricklesGets408AndIsClosed() throws Exception {
        EarshotServer server = server(b -> b.headerTimeout(Duration.ofSeconds(1)));
        try (Trickle slow = Trickle.head(server.port(), Duration.ofMillis(50), scheduler)) {
            JsonNode body = refusal(slow.response(), 408);
            assertThat(body.path("err_msg").asText()).isEqualTo("The request head did not arrive within 1 s of its"
                    + " first byte");
            assertThat(slow.sinceOpened()).isLessThan(Duration.ofSeconds(8));
        }
    }

    /** An origin that trickles the audio it serves is dropped like a slow client, and the file slot is free again. */
    @Test
    void aUrlWhoseOriginTricklesIsRefusedWithinTheRule() throws Exception {
        com.sun.net.httpserver.HttpServer origin = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        origin.setExecutor(Executors.newCachedThreadPool());
        origin.createContext("/slow.wav", exchange -> {
            exchange.sendResponseHeaders(200, 1_000_000);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 1_000_000; i++) {
                    body.write(0);
                    body.flush();
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // 20 B/s
                }
            } catch (java.io.IOException hungUp) {
                // The server gave up on it: what the test wants.
            }
        });
        origin.start();
        try {
            EarshotServer server = server(b -> b.maxFileRequests(1).urlFetch(true, true)
                    .upload(Duration.ofSeconds(1), 1024, Duration.ofSeconds(10)));
            long sent = System.nanoTime();
            RawHttp.Response answer = RawHttp.request(server.port(), "POST", "/v1/listen", Map.of("Authorization",
                    "Token " + TestServers.API_KEY, "Content-Type", "application/json"), ("{\"url\":\"http://127.0.0.1:"
                    + origin.getAddress().getPort() + "/slow.wav\"}").getBytes(StandardCharsets.UTF_8));
            JsonNode body = refusal(answer, 400);
            assertThat(body.path("err_msg").asText()).contains("bytes too slowly");
            assertThat(Duration.ofNanos(System.nanoTime() - sent)).isLessThan(Duration.ofSeconds(8));
            assertThat(server.filesInProgress()).as("its slot is free").isZero();
        } finally {
            origin.stop(0);
        }
    }

    /** Slow uploads hold no slot: with two slots and ten of them trickling, a normal file is answered first. */
    @Test
    void tenSlowUploadsDoNotDelayANormalFile() throws Exception {
        EarshotServer server = server(b -> b.maxFileRequests(2).upload(Duration.ofSeconds(20), 1024,
                Duration.ofSeconds(60)));
        List<Trickle> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 10; i++) {
                slow.add(Trickle.body(server.port(), TestServers.API_KEY, 1_000_000, Duration.ofMillis(100), scheduler));
            }
            RawHttp.Response normal = post(server, Fixtures.speechAWav());
            assertThat(normal.status()).as(normal.body()).isEqualTo(200);
            String transcript = JSON.readTree(normal.body()).path("results").path("channels").path(0)
                    .path("alternatives").path(0).path("transcript").asText();
            assertThat(WordErrorRate.of(Fixtures.speechAText(), transcript)).isLessThanOrEqualTo(0.15);
            assertThat(slow).as("no slow upload has been answered yet").noneMatch(Trickle::answered);
            for (Trickle trickle : slow) {
                refusal(trickle.response(), 408);
            }
        } finally {
            for (Trickle trickle : slow) {
                trickle.close();
            }
        }
    }

    /**
     * A client that hangs up during a long transcription frees its slot at once: with one slot, the next file
     * is let in seconds later, long before the ten minutes of speech could have been transcribed.
     */
    @Test
    void aClientThatHangsUpFreesItsSlotAtOnce() throws Exception {
        EarshotServer server = server(b -> b.maxFileRequests(1));
        byte[] pcm = Fixtures.pcm(Fixtures.speechAWav());
        byte[][] parts = new byte[44][];
        java.util.Arrays.fill(parts, pcm);
        byte[] speech = Fixtures.concat(parts); // ~10 minutes: a minute of engine work on two cores at least
        byte[] wav = Fixtures.concat(Fixtures.wavHeader(1, 1, 16_000, 16, speech.length), speech);
        try (Socket client = new Socket("127.0.0.1", server.port())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /v1/listen HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + TestServers.API_KEY
                    + "\r\nContent-Type: audio/wav\r\nContent-Length: " + wav.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(wav);
            out.flush();
            Await.until("the long file is being transcribed", () -> server.filesInProgress() == 1, Duration.ofSeconds(30));
            RawHttp.Response busy = post(server, Fixtures.dictatedCodeWav());
            assertThat(busy.status()).isEqualTo(429);
            assertThat(busy.body()).contains("at most 1 files at a time");
        }
        long hungUp = System.nanoTime();
        RawHttp.Response next = post(server, Fixtures.dictatedCodeWav());
        while (next.status() == 429 && System.nanoTime() - hungUp < Duration.ofSeconds(20).toNanos()) {
            next = post(server, Fixtures.dictatedCodeWav());
        }
        assertThat(next.status()).as(next.body()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - hungUp)).isLessThan(Duration.ofSeconds(20));
    }

    /** At the limit, a client that waits for the previous one to finish is always let in. */
    @Test
    void clientsThatWaitForThePreviousOneAreNeverRefused() throws Exception {
        EarshotServer server = server(b -> b.maxStreams(1).maxFileRequests(1));
        byte[] pcm = java.util.Arrays.copyOf(Fixtures.pcm(Fixtures.speechAWav()), 3_200);
        for (int i = 0; i < 30; i++) {
            EventRecorder client = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                    TestServers.API_KEY);
            client.sendAudio(pcm, 3_200).closeStream();
            assertThat(client.awaitClose(Duration.ofSeconds(30)).code()).isEqualTo(1000);
        }
        for (int i = 0; i < 10; i++) {
            RawHttp.Response response = post(server, Fixtures.dictatedCodeWav());
            assertThat(response.status()).as("file %d: %s", i, response.body()).isEqualTo(200);
        }
    }
}
