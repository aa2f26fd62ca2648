package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import dev.earshot.server.testing.WordErrorRate;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The committed speech, streamed in 100 ms chunks, comes back as its words (the real engine). The WER
 * bounds sit a little above what was measured here (speech-a: 16 kHz 0.119, i.e. 5 of 42 words, the
 * raw engine's own figure; 8 kHz mu-law 0.238; WAV in 7-byte frames 0.143).
 */
@ExtendWith(SharedEngine.class)
@Timeout(120)
class TranscriptionTest {
    private static EarshotServer server;

    @BeforeAll
    static void start(VoskEngine engine) {
        server = TestServers.start(engine);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<ServerMessage> stream(String query, byte[] audio, int chunkBytes) {
        EventRecorder client = EventRecorder.connect(server.baseUri(), query, TestServers.API_KEY);
        client.sendAudio(audio, chunkBytes).closeStream();
        EventRecorder.Close close = client.awaitClose(Duration.ofSeconds(60));
        assertThat(close.code()).as("close after CloseStream").isEqualTo(1000);
        return client.drainUntilClosed(Duration.ofSeconds(1));
    }

    static String finals(List<ServerMessage> messages) {
        return messages.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal())
                .map(m -> ((ResultsMessage) m).alternative().transcript())
                .filter(t -> !t.isEmpty()).collect(Collectors.joining(" "));
    }

    @Test
    void linear16At16kHz() {
        byte[] pcm = Fixtures.pcm(Fixtures.speechAWav());
        List<ServerMessage> messages = stream("encoding=linear16&sample_rate=16000", pcm, 3200);
        String transcript = finals(messages);
        double wer = WordErrorRate.of(Fixtures.speechAText(), transcript);
        System.out.printf("linear16 16 kHz: WER %.3f: %s%n", wer, transcript);
        assertThat(wer).isLessThanOrEqualTo(0.15);
        assertThat(messages.get(messages.size() - 1)).isInstanceOf(MetadataMessage.class);
    }

    @Test
    void mulawAt8kHz() {
        byte[] mulaw = Fixtures.speechAMulaw8k();
        List<ServerMessage> messages = stream("encoding=mulaw&sample_rate=8000", mulaw, 800);
        String transcript = finals(messages);
        double wer = WordErrorRate.of(Fixtures.speechAText(), transcript);
        System.out.printf("mulaw 8 kHz: WER %.3f: %s%n", wer, transcript);
        assertThat(wer).isLessThanOrEqualTo(0.30);
    }

    @Test
    void wavContainerWithHeaderSplitAcrossFrames() {
        List<ServerMessage> messages = stream("", Fixtures.speechAWav(), 7);
        String transcript = finals(messages);
        double wer = WordErrorRate.of(Fixtures.speechAText(), transcript);
        System.out.printf("WAV in 7-byte frames: WER %.3f: %s%n", wer, transcript);
        assertThat(wer).isLessThanOrEqualTo(0.20);
    }
}
