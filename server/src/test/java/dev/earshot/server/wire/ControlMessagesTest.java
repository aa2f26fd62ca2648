package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.ServerMessage.UtteranceEndMessage;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The control messages and events of live-api.md §3–§4, on the real engine. */
@ExtendWith(SharedEngine.class)
@Timeout(120)
class ControlMessagesTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PCM_16K = "encoding=linear16&sample_rate=16000";
    private static EarshotServer server;
    private static byte[] speech;

    @BeforeAll
    static void start(VoskEngine engine) {
        server = TestServers.start(engine);
        speech = Fixtures.pcm(Fixtures.speechAWav());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static List<ServerMessage> finish(EventRecorder client) {
        client.closeStream();
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
        return client.drainUntilClosed(Duration.ofSeconds(1));
    }

    @Test
    void finalizeFlushesWithFromFinalizeAndKeepsTheStreamOpen() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), PCM_16K, TestServers.API_KEY);
        // Mid-sentence: 1.5 s into the first sentence, before any pause could end it.
        client.sendAudio(Arrays.copyOf(speech, 48_000), 3200);
        client.sendText("{\"type\":\"Finalize\"}");
        List<ServerMessage> upToFlush = client.until(m -> m instanceof ResultsMessage r && r.fromFinalize(), WAIT);
        ResultsMessage flushed = (ResultsMessage) upToFlush.get(upToFlush.size() - 1);
        assertThat(flushed.isFinal()).isTrue();
        assertThat(flushed.alternative().transcript()).isNotEmpty();
        assertThat(flushed.start() + flushed.duration()).isEqualTo(1.5);
        client.sendAudio(Arrays.copyOfRange(speech, 48_000, 96_000), 3200);
        List<ServerMessage> rest = finish(client);
        assertThat(rest).filteredOn(m -> m instanceof ResultsMessage r && r.isFinal()).isNotEmpty()
                .allMatch(m -> !((ResultsMessage) m).fromFinalize());
    }

    @Test
    void finalizeOfOneChannelFlushesOnlyThatChannel() {
        EventRecorder client = EventRecorder.connect(server.baseUri(),
                PCM_16K + "&channels=2&multichannel=true", TestServers.API_KEY);
        byte[] mid = Arrays.copyOf(speech, 48_000);
        client.sendAudio(Fixtures.stereo(mid, mid), 6400);
        client.sendText("{\"type\":\"Finalize\",\"channel\":1}");
        List<ServerMessage> read = client.until(m -> m instanceof ResultsMessage r && r.fromFinalize(), WAIT);
        assertThat(read).filteredOn(m -> m instanceof ResultsMessage r && r.fromFinalize())
                .singleElement().matches(m -> ((ResultsMessage) m).channelIndex() == 1);
        List<ServerMessage> rest = finish(client);
        assertThat(rest).noneMatch(m -> m instanceof ResultsMessage r && r.fromFinalize());
    }

    @Test
    void finalizeOfAChannelThatDoesNotExistIsASchemaError() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), PCM_16K, TestServers.API_KEY);
        client.sendAudio(Arrays.copyOf(speech, 16_000), 3200);
        client.sendText("{\"type\":\"Finalize\",\"channel\":3}");
        List<ServerMessage> read = client.until(m -> m instanceof ErrorMessage, WAIT);
        ErrorMessage error = (ErrorMessage) read.get(read.size() - 1);
        assertThat(error.variant()).isEqualTo("SchemaError");
        assertThat(error.description()).contains("channel 3");
        finish(client);
    }

    @Test
    void malformedTextGetsASchemaErrorAndTheStreamStaysOpen() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), PCM_16K, TestServers.API_KEY);
        String junk = "{\"type\":\"UpdateListen\",\"padding\":\"" + "x".repeat(300) + "\"}";
        client.sendText(junk);
        ErrorMessage unknownType = (ErrorMessage) client.next(WAIT);
        assertThat(unknownType.variant()).isEqualTo("SchemaError");
        assertThat(unknownType.description()).contains("UpdateListen");
        assertThat(unknownType.message()).hasSize(200).isEqualTo(junk.substring(0, 200));
        client.sendText("not json at all");
        assertThat(((ErrorMessage) client.next(WAIT)).description()).contains("not valid JSON");
        client.sendText("");
        client.sendAudio(Arrays.copyOf(speech, 32_000), 3200);
        List<ServerMessage> rest = finish(client);
        assertThat(rest).noneMatch(m -> m instanceof ErrorMessage).last().isInstanceOf(MetadataMessage.class);
    }

    @Test
    void vadEventsAnnounceSpeechStarted() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), PCM_16K + "&vad_events=true", TestServers.API_KEY);
        client.sendAudio(Fixtures.concat(Fixtures.silence16k(1000), Arrays.copyOf(speech, 64_000)), 3200);
        List<ServerMessage> messages = finish(client);
        List<SpeechStartedMessage> started = messages.stream().filter(m -> m instanceof SpeechStartedMessage)
                .map(SpeechStartedMessage.class::cast).toList();
        assertThat(started).isNotEmpty();
        assertThat(started.get(0).timestamp()).as("speech starts after the second of silence").isBetween(1.0, 1.5);
        assertThat(started.get(0).channelCount()).isEqualTo(1);
    }

    @Test
    void utteranceEndFollowsTheLastWordAfterTheGap() {
        EventRecorder client = EventRecorder.connect(server.baseUri(),
                PCM_16K + "&interim_results=true&utterance_end_ms=1000", TestServers.API_KEY);
        byte[] sentence = Arrays.copyOf(speech, Fixtures.firstPauseOffset(speech, 100));
        client.sendAudio(Fixtures.concat(sentence, Fixtures.silence16k(1500)), 3200);
        List<ServerMessage> messages = client.until(m -> m instanceof UtteranceEndMessage, WAIT);
        UtteranceEndMessage end = (UtteranceEndMessage) messages.get(messages.size() - 1);
        double lastFinalWordEnd = messages.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal())
                .flatMap(m -> ((ResultsMessage) m).alternative().words().stream())
                .mapToDouble(ServerMessage.Word::end).max().orElseThrow();
        assertThat(end.lastWordEnd()).isEqualTo(lastFinalWordEnd);
        // Within one of the engine's 30 ms output frames of the sentence's end, the precision of its alignment.
        assertThat(end.lastWordEnd()).isLessThanOrEqualTo(sentence.length / 32_000.0 + 0.03);
        finish(client);
    }

    /**
     * UtteranceEnd means a gap of utterance_end_ms in words. In speech-a the sentences are 0.3-0.5 s apart,
     * shorter than the gap, but the engine names a sentence's first word only some hundreds of ms into it,
     * by which time the last word's end is a second old: no UtteranceEnd may go out while the next sentence's
     * words are on their way. The whole programme is sent at once; the server works in audio time.
     */
    @Test
    void noUtteranceEndWhileTheNextWordsAreOnTheirWay() {
        EventRecorder client = EventRecorder.connect(server.baseUri(),
                PCM_16K + "&interim_results=true&utterance_end_ms=1000", TestServers.API_KEY);
        client.sendAudio(speech, 3200);
        List<ServerMessage> messages = finish(client);
        List<ServerMessage.Word> finalWords = messages.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal())
                .flatMap(m -> ((ResultsMessage) m).alternative().words().stream()).toList();
        assertThat(finalWords).hasSizeGreaterThan(20);
        for (ServerMessage m : messages) {
            if (m instanceof UtteranceEndMessage end) {
                double nextStart = finalWords.stream().mapToDouble(ServerMessage.Word::start)
                        .filter(start -> start >= end.lastWordEnd()).min().orElse(Double.MAX_VALUE);
                assertThat(nextStart - end.lastWordEnd()).as("gap after the word ending at %s", end.lastWordEnd())
                        .isGreaterThanOrEqualTo(1.0);
            }
        }
    }

    @Test
    void replaceAndSearchWorkOnTheTranscriptAndAreNoWarnings() {
        EventRecorder client = EventRecorder.connect(server.baseUri(),
                PCM_16K + "&interim_results=true&replace=canoe:kayak&search=kayak", TestServers.API_KEY);
        client.sendAudio(Arrays.copyOf(speech, Fixtures.firstPauseOffset(speech, 100)), 3200);
        List<ServerMessage> messages = finish(client);
        String finals = messages.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal())
                .map(m -> ((ResultsMessage) m).alternative().transcript()).collect(java.util.stream.Collectors.joining(" "));
        assertThat(finals).contains("kayak").doesNotContain("canoe");
        assertThat(messages).filteredOn(m -> m instanceof ResultsMessage)
                .allSatisfy(m -> assertThat(((ResultsMessage) m).alternative().transcript()).doesNotContain("canoe"));
        assertThat(messages).filteredOn(m -> m instanceof ResultsMessage r && r.isFinal()).flatExtracting(
                m -> ((ResultsMessage) m).search().get(0).hits()).extracting(ServerMessage.Hit::snippet).contains("kayak");
        MetadataMessage metadata = (MetadataMessage) messages.get(messages.size() - 1);
        assertThat(metadata.warnings()).extracting(ServerMessage.Warning::parameter).doesNotContain("replace", "search");
    }

    @Test
    void redactAndDictationWorkOnWhatTheEngineHeard() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), PCM_16K
                + "&interim_results=true&punctuate=true&dictation=true&redact=numbers&profanity_filter=true",
                TestServers.API_KEY);
        client.sendAudio(Fixtures.pcm(Fixtures.dictatedCodeWav()), 3200);
        List<ServerMessage> messages = finish(client);
        List<String> transcripts = messages.stream().filter(m -> m instanceof ResultsMessage)
                .map(m -> ((ResultsMessage) m).alternative().transcript()).toList();
        String finals = messages.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal())
                .map(m -> ((ResultsMessage) m).alternative().transcript()).collect(java.util.stream.Collectors.joining(" "));
        // "the code is one two three four five six period"
        assertThat(finals).isEqualTo("The code is ******.");
        assertThat(transcripts).noneMatch(t -> t.matches("(?i).*\\b(two|three|four|five|six|period)\\b.*"));
        MetadataMessage metadata = (MetadataMessage) messages.get(messages.size() - 1);
        assertThat(metadata.warnings()).isEmpty();
    }

    @Test
    void unsupportedFeaturesAreAcceptedAndListedInWarnings() {
        EventRecorder client = EventRecorder.connect(server.baseUri(),
                PCM_16K + "&diarize=true&keyterm=earshot&model=nova-3&mip_opt_out=true&extra=team:blue"
                        + "&redact=pci&profanity_filter=true&filler_words=true&dictation=true",
                TestServers.API_KEY);
        client.sendAudio(Arrays.copyOf(speech, 32_000), 3200);
        List<ServerMessage> messages = finish(client);
        MetadataMessage metadata = (MetadataMessage) messages.get(messages.size() - 1);
        // dictation is warned because it needs punctuate, as on Deepgram; the other text options are performed.
        assertThat(metadata.warnings()).extracting(ServerMessage.Warning::parameter)
                .containsExactly("diarize", "keyterm", "dictation", "model");
        assertThat(metadata.extra()).isEqualTo(Map.of("team", "blue"));
        assertThat(messages).filteredOn(m -> m instanceof ResultsMessage)
                .allMatch(m -> ((ResultsMessage) m).metadata().extra().equals(Map.of("team", "blue")));
    }

    @Test
    void pingsAreAnsweredAndCountAsActivity() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), PCM_16K, TestServers.API_KEY);
        client.sendAudio(Arrays.copyOf(speech, 3200), 3200);
        client.socket().sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).join();
        List<ServerMessage> rest = finish(client);
        assertThat(rest).last().isInstanceOf(MetadataMessage.class);
    }
}
