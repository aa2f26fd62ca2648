package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * KeepAlive semantics (live-api.md §3, §5), scaled down tenfold: 10 s timeouts become 1 s, a KeepAlive
 * every 2 s becomes one every 200 ms, a 30 s pause becomes 3 s.
 */
@ExtendWith(SharedEngine.class)
@Timeout(60)
class KeepAliveTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private static final long KEEPALIVE_EVERY_MS = 200;
    private static EarshotServer server;
    private final ScheduledExecutorService keepAlives = Executors.newSingleThreadScheduledExecutor();

    @BeforeAll
    static void start(VoskEngine engine) {
        server = TestServers.start(engine, b -> b.firstAudioTimeout(TIMEOUT).idleTimeout(TIMEOUT));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void stopKeepAlives() {
        keepAlives.shutdownNow();
    }

    private void sendKeepAlives(EventRecorder client) {
        keepAlives.scheduleAtFixedRate(() -> {
            if (!client.isClosed()) {
                client.sendText("{\"type\":\"KeepAlive\"}");
            }
        }, 0, KEEPALIVE_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    @Test
    void keepAliveWithoutAnyAudioClosesAtTheFirstAudioDeadline() {
        long opened = System.nanoTime();
        EventRecorder client = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                TestServers.API_KEY);
        sendKeepAlives(client);
        EventRecorder.Close close = client.awaitClose(Duration.ofSeconds(20));
        Duration open = Duration.ofNanos(System.nanoTime() - opened);
        assertThat(close.code()).isEqualTo(1011);
        assertThat(close.reason()).startsWith("NET-0001: ");
        // The deadline is 1 s; wide margins for a loaded 2-core machine, but far below the 3 s a
        // KeepAlive-extended deadline would allow if KeepAlive wrongly counted.
        assertThat(open).isBetween(Duration.ofMillis(900), Duration.ofMillis(2900));
        List<ServerMessage> messages = client.drainUntilClosed(Duration.ofSeconds(1));
        assertThat(messages).last().isInstanceOf(MetadataMessage.class);
    }

    @Test
    void keepAliveAfterAudioKeepsAPausedStreamOpen() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                TestServers.API_KEY);
        client.sendAudio(new byte[3200], 3200);
        sendKeepAlives(client);
        // Three idle timeouts' worth of pause with KeepAlives only: still open, and it answers a CloseStream.
        assertThat(client.awaitCloseOrTimeout(Duration.ofSeconds(3))).as("closed during the pause").isNull();
        keepAlives.shutdownNow();
        client.closeStream();
        assertThat(client.awaitClose(Duration.ofSeconds(10)).code()).isEqualTo(1000);
    }

    @Test
    void withoutKeepAliveTheSamePauseCloses() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                TestServers.API_KEY);
        client.sendAudio(new byte[3200], 3200);
        EventRecorder.Close close = client.awaitClose(Duration.ofSeconds(10));
        assertThat(close.code()).isEqualTo(1011);
        assertThat(close.reason()).startsWith("NET-0001: ");
    }
}
