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
    void endpointingLongerThanTheEnginesOwnPauseMarksItsHeldFinalOnce() {
        // The engine ends its segment by itself after at most 1 s of silence; with endpointing=2000 that
        // final waits until the pause reaches 2 s, then carries speech_final, and the silence after it adds
        // no second one.
        byte[] b = Fixtures.pcm(Fixtures.speechBWav());
        byte[] longPause = Fixtures.concat(sentenceA, Fixtures.silence16k(2600),
                Arrays.copyOf(b, Fixtures.firstPauseOffset(b, 100)));
        EventRecorder client = EventRecorder.connect(server.baseUri(),
                "encoding=linear16&sample_rate=16000&endpointing=2000", TestServers.API_KEY);
        client.sendAudio(longPause, 3200).closeStream();
        assertThat(client.awaitClose(Duration.ofSeconds(60)).code()).isEqualTo(1000);
        List<ResultsMessage> finals = client.drainUntilClosed(Duration.ofSeconds(1)).stream()
                .filter(m -> m instanceof ResultsMessage r && r.isFinal()).map(ResultsMessage.class::cast).toList();
        double pauseStart = sentenceA.length / 32_000.0;
        List<ResultsMessage> speechFinals = finals.stream().filter(ResultsMessage::speechFinal).toList();
        assertThat(speechFinals).as("speech_final finals").hasSize(1);
        ResultsMessage marked = speechFinals.get(0);
        assertThat(marked.alternative().transcript()).isNotEmpty();
        assertThat(marked.alternative().words().get(0).start()).isLessThan(pauseStart);
        assertThat(marked.start() + marked.duration()).as("the held final ends where the engine cut it, in the pause")
                .isBetween(pauseStart, pauseStart + 1.2);
        assertThat(finals).filteredOn(r -> r.start() >= pauseStart && r.start() < pauseStart + 2.5)
                .as("no empty speech_final in the pause").noneMatch(ResultsMessage::speechFinal);
    }

    @Test
    void endpointingFalseNeverMarksSpeechFinal() {
        List<ResultsMessage> finals = finals("encoding=linear16&sample_rate=16000&endpointing=false");
        assertThat(finals).isNotEmpty().noneMatch(ResultsMessage::speechFinal);
    }
}
