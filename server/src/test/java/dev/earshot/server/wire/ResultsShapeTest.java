package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.Word;
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

/** The shape of Results over a whole stream (live-api.md §4): interim before final, spans, word times, channels. */
@ExtendWith(SharedEngine.class)
@Timeout(120)
class ResultsShapeTest {
    private static EarshotServer server;

    @BeforeAll
    static void start(VoskEngine engine) {
        server = TestServers.start(engine);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<ServerMessage> stream(String query, byte[] audio, int chunkBytes) {
        EventRecorder client = EventRecorder.connect(server.baseUri(), query, TestServers.API_KEY);
        client.sendAudio(audio, chunkBytes).closeStream();
        assertThat(client.awaitClose(Duration.ofSeconds(60)).code()).isEqualTo(1000);
        return client.drainUntilClosed(Duration.ofSeconds(1));
    }

    private static List<ResultsMessage> results(List<ServerMessage> messages, int channel) {
        return messages.stream().filter(m -> m instanceof ResultsMessage r && r.channelIndex() == channel)
                .map(ResultsMessage.class::cast).toList();
    }

    private static String finalText(List<ResultsMessage> results) {
        return results.stream().filter(ResultsMessage::isFinal).map(r -> r.alternative().transcript())
                .filter(t -> !t.isEmpty()).collect(Collectors.joining(" "));
    }

    /** Finals tile the audio without overlap; words move forward and stay inside the audio. */
    private static void assertTimeline(List<ResultsMessage> results, double audioSeconds) {
        List<ResultsMessage> finals = results.stream().filter(ResultsMessage::isFinal).toList();
        assertThat(finals).isNotEmpty();
        double spanEnd = 0;
        double lastWordStart = 0;
        for (ResultsMessage result : finals) {
            assertThat(result.start()).as("final spans never overlap").isGreaterThanOrEqualTo(spanEnd - 0.0005);
            assertThat(result.duration()).isGreaterThanOrEqualTo(0);
            spanEnd = result.start() + result.duration();
            for (Word word : result.alternative().words()) {
                assertThat(word.start()).as("word '%s' starts after the previous word", word.word())
                        .isGreaterThanOrEqualTo(lastWordStart);
                assertThat(word.end()).isGreaterThanOrEqualTo(word.start()).isLessThanOrEqualTo(audioSeconds + 0.001);
                assertThat(word.start()).as("word inside its result's span")
                        .isBetween(result.start() - 0.001, spanEnd + 0.001);
                lastWordStart = word.start();
            }
        }
        assertThat(spanEnd).as("the finals cover the audio").isCloseTo(audioSeconds, org.assertj.core.data.Offset.offset(0.05));
    }

    @Test
    void interimResultsPrecedeTheirFinalAndFinalsTileTheAudio() {
        byte[] pcm = Fixtures.pcm(Fixtures.speechAWav());
        List<ServerMessage> messages = stream("encoding=linear16&sample_rate=16000&interim_results=true", pcm, 3200);
        List<ResultsMessage> results = results(messages, 0);
        int firstFinal = -1;
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i).isFinal()) {
                firstFinal = i;
                break;
            }
        }
        assertThat(firstFinal).as("index of the first final").isGreaterThan(0);
        assertThat(results.subList(0, firstFinal)).allMatch(r -> !r.isFinal() && !r.speechFinal())
                .anyMatch(r -> !r.alternative().transcript().isEmpty());
        assertTimeline(results, pcm.length / 32_000.0);
        MetadataMessage metadata = (MetadataMessage) messages.get(messages.size() - 1);
        assertThat(results).allMatch(r -> r.metadata().requestId().equals(metadata.requestId()));
        assertThat(metadata.duration()).isEqualTo(Math.round(pcm.length / 32.0) / 1000.0);
    }

    @Test
    void withoutInterimResultsOnlyFinalsArrive() {
        byte[] pcm = Fixtures.pcm(Fixtures.speechAWav());
        List<ResultsMessage> results = results(stream("encoding=linear16&sample_rate=16000", pcm, 3200), 0);
        assertThat(results).isNotEmpty().allMatch(ResultsMessage::isFinal);
    }

    @Test
    void multichannelTranscribesEachChannelOnItsOwn() {
        byte[] left = Fixtures.pcm(Fixtures.speechAWav());
        byte[] right = Fixtures.pcm(Fixtures.speechBWav());
        byte[] stereo = Fixtures.stereo(left, right);
        List<ServerMessage> messages = stream(
                "encoding=linear16&sample_rate=16000&channels=2&multichannel=true", stereo, 6400);
        assertThat(messages).filteredOn(m -> m instanceof ResultsMessage)
                .allMatch(m -> ((ResultsMessage) m).channelCount() == 2);
        List<ResultsMessage> channel0 = results(messages, 0);
        List<ResultsMessage> channel1 = results(messages, 1);
        double werA = WordErrorRate.of(Fixtures.speechAText(), finalText(channel0));
        double werB = WordErrorRate.of(Fixtures.speechBText(), finalText(channel1));
        System.out.printf("multichannel: channel 0 WER %.3f, channel 1 WER %.3f%n", werA, werB);
        assertThat(werA).isLessThanOrEqualTo(0.15);
        assertThat(werB).isLessThanOrEqualTo(0.25);
        double seconds = stereo.length / 64_000.0;
        assertTimeline(channel0, seconds);
        assertTimeline(channel1, seconds);
        MetadataMessage metadata = (MetadataMessage) messages.get(messages.size() - 1);
        assertThat(metadata.channels()).isEqualTo(2);
    }

    @Test
    void withoutMultichannelTheChannelsAreMixed() {
        byte[] left = Fixtures.pcm(Fixtures.speechAWav());
        byte[] stereo = Fixtures.stereo(left, left);
        List<ServerMessage> messages = stream("encoding=linear16&sample_rate=16000&channels=2", stereo, 6400);
        assertThat(messages).filteredOn(m -> m instanceof ResultsMessage)
                .allMatch(m -> ((ResultsMessage) m).channelIndex() == 0 && ((ResultsMessage) m).channelCount() == 1);
        assertThat(WordErrorRate.of(Fixtures.speechAText(), finalText(results(messages, 0)))).isLessThanOrEqualTo(0.15);
        assertThat(((MetadataMessage) messages.get(messages.size() - 1)).channels()).isEqualTo(2);
    }

    @Test
    void punctuateCapitalisesAndEndsSentences() {
        byte[] pcm = Fixtures.pcm(Fixtures.speechAWav());
        List<ResultsMessage> results = results(stream("encoding=linear16&sample_rate=16000&punctuate=true", pcm, 3200), 0);
        List<ResultsMessage> speechFinals = results.stream()
                .filter(r -> r.speechFinal() && !r.alternative().words().isEmpty()).toList();
        assertThat(speechFinals).isNotEmpty();
        for (ResultsMessage result : speechFinals) {
            List<Word> words = result.alternative().words();
            assertThat(words).allMatch(w -> w.punctuatedWord() != null);
            assertThat(words.get(words.size() - 1).punctuatedWord()).endsWith(".");
            assertThat(result.alternative().transcript()).endsWith(".");
        }
        assertThat(results.get(0).alternative().transcript()).startsWith("The ");
    }
}
