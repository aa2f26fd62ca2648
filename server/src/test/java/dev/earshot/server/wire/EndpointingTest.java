package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code endpointing} (live-api.md §2): two sentences with a 600 ms pause between them. The first
 * sentence of speech-a, 600 ms of silence, the first sentence of speech-b.
 */
@ExtendWith(SharedEngine.class)
@Timeout(120)
class EndpointingTest {
    private static EarshotServer server;
    private static byte[] sentenceA;
    private static byte[] audio;

    @BeforeAll
    static void start(VoskEngine engine) {
        server = TestServers.start(engine);
        byte[] a = Fixtures.pcm(Fixtures.speechAWav());
        byte[] b = Fixtures.pcm(Fixtures.speechBWav());
        sentenceA = Arrays.copyOf(a, Fixtures.firstPauseOffset(a, 100));
        byte[] sentenceB = Arrays.copyOf(b, Fixtures.firstPauseOffset(b, 100));
        audio = Fixtures.concat(sentenceA, Fixtures.silence16k(600), sentenceB);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<ResultsMessage> finals(String query) {
        EventRecorder client = EventRecorder.connect(server.baseUri(), query, TestServers.API_KEY);
        client.sendAudio(audio, 3200).closeStream();
        assertThat(client.awaitClose(Duration.ofSeconds(60)).code()).isEqualTo(1000);
        List<ServerMessage> messages = client.drainUntilClosed(Duration.ofSeconds(1));
        return messages.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal())
                .map(ResultsMessage.class::cast).toList();
    }

    @Test
    void aPauseLongerThanEndpointingMarksTheFirstSentencesLastFinal() {
        double pauseStart = sentenceA.length / 32_000.0;
        List<ResultsMessage> finals = finals("encoding=linear16&sample_rate=16000&endpointing=300");
        ResultsMessage lastOfFirstSentence = finals.stream()
                .filter(r -> !r.alternative().words().isEmpty())
                .filter(r -> r.alternative().words().get(0).start() < pauseStart)
                .reduce((first, second) -> second).orElseThrow();
        assertThat(lastOfFirstSentence.speechFinal()).as("speech_final on '%s'",
                lastOfFirstSentence.alternative().transcript()).isTrue();
        double end = lastOfFirstSentence.start() + lastOfFirstSentence.duration();
        assertThat(end).as("the final is cut in the pause, after 300 ms of it")
                .isBetween(pauseStart + 0.25, pauseStart + 0.6);
    }

    @Test
    void endpointingFalseNeverMarksSpeechFinal() {
        List<ResultsMessage> finals = finals("encoding=linear16&sample_rate=16000&endpointing=false");
        assertThat(finals).isNotEmpty().noneMatch(ResultsMessage::speechFinal);
    }
}
