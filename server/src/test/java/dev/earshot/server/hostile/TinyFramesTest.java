package dev.earshot.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ServerMessage;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Speech sent one byte per WebSocket frame (448,000 frames for 14 s): every byte is transcribed, as it would
 * be in 100 ms frames, and the stream ends normally. Frames that wait for the lane join one slice, so such a
 * client queues a task per 32 KiB rather than per byte.
 */
@ExtendWith(SharedEngine.class)
@Timeout(120)
class TinyFramesTest {
    @Test
    void speechInOneByteFramesIsTranscribedWhole(VoskEngine engine) {
        try (EarshotServer server = TestServers.start(engine)) {
            EventRecorder client = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000",
                    TestServers.API_KEY);
            client.sendAudio(Fixtures.pcm(Fixtures.speechAWav()), 1).closeStream();
            List<ServerMessage> messages = client.drainUntilClosed(Duration.ofSeconds(60));
            assertThat(client.awaitClose(Duration.ofSeconds(60)).code()).isEqualTo(1000);
            String transcript = messages.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal())
                    .map(m -> ((ResultsMessage) m).alternative().transcript()).filter(t -> !t.isBlank())
                    .collect(Collectors.joining(" "));
            assertThat(WordErrorRate.of(Fixtures.speechAText(), transcript)).isLessThanOrEqualTo(0.15);
        }
    }
}
