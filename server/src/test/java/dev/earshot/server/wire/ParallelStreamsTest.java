package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.Await;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import dev.earshot.server.testing.WordErrorRate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Many streams at once: clients that vanish leave nothing behind; a fast sender loses nothing. */
@ExtendWith(SharedEngine.class)
@Timeout(180)
class ParallelStreamsTest {
    private static final Duration WAIT = Duration.ofSeconds(120);

    private static long earshotThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith("earshot-")).count();
    }

    @Test
    void clientsVanishingAmongTwentyStreamsLeaveNoRecogniserOrThreadBehind(VoskEngine engine) throws Exception {
        long threadsBefore = earshotThreads();
        byte[] pcm = Arrays.copyOf(Fixtures.pcm(Fixtures.speechAWav()), 4 * 32_000);
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try (EarshotServer server = TestServers.start(engine, b -> b.maxStreams(20))) {
            List<CompletableFuture<Integer>> outcomes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                boolean vanishes = i % 4 == 0;
                outcomes.add(CompletableFuture.supplyAsync(() -> {
                    EventRecorder client = EventRecorder.connect(server.baseUri(),
                            "encoding=linear16&sample_rate=16000&interim_results=true", TestServers.API_KEY);
                    if (vanishes) {
                        client.sendAudio(Arrays.copyOf(pcm, pcm.length / 2), 3200);
                        client.abort(); // mid-stream, no Close frame, recognisers busy
                        return -1;
                    }
                    client.sendAudio(pcm, 3200).closeStream();
                    return client.awaitClose(WAIT).code();
                }, clients));
            }
            List<Integer> codes = outcomes.stream().map(CompletableFuture::join).toList();
            assertThat(codes).filteredOn(c -> c != -1).hasSize(15).containsOnly(1000);
            Await.until("every stream has ended", () -> server.admission().runningCount() == 0, WAIT);
            Await.until("every recogniser is freed", () -> engine.liveStreams() == 0, WAIT);
        } finally {
            clients.shutdownNow();
        }
        Await.until("no earshot thread outlives its server", () -> earshotThreads() <= threadsBefore, WAIT);
    }

    @Test
    void aSenderFasterThanTheEngineIsSlowedDownNotCut(VoskEngine engine) {
        byte[] speech = Fixtures.pcm(Fixtures.speechAWav());
        byte[] fiveTimes = Fixtures.concat(speech, speech, speech, speech, speech);
        try (EarshotServer server = TestServers.start(engine,
                b -> b.sessionBuffer(Duration.ofSeconds(1)).decodeThreads(1))) {
            EventRecorder client = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                    TestServers.API_KEY);
            client.sendAudio(fiveTimes, 3200).closeStream();
            assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
            List<ServerMessage> messages = client.drainUntilClosed(Duration.ofSeconds(1));
            MetadataMessage metadata = (MetadataMessage) messages.get(messages.size() - 1);
            assertThat(metadata.duration()).as("every byte was decoded")
                    .isEqualTo(Math.round(fiveTimes.length / 32.0) / 1000.0);
            String transcript = messages.stream()
                    .filter(m -> m instanceof ServerMessage.ResultsMessage r && r.isFinal())
                    .map(m -> ((ServerMessage.ResultsMessage) m).alternative().transcript())
                    .filter(t -> !t.isEmpty()).collect(Collectors.joining(" "));
            String reference = String.join(" ", Collections.nCopies(5, Fixtures.speechAText()));
            assertThat(WordErrorRate.of(reference, transcript)).isLessThanOrEqualTo(0.2);
        }
    }
}
