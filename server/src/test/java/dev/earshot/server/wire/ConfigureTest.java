package dev.earshot.server.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ConfigureFailureMessage;
import dev.earshot.protocol.ServerMessage.ConfigureSuccessMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Mid-stream Configure (live-api.md §3) on the real engine: one reply each, and later Results follow it. */
@ExtendWith(SharedEngine.class)
@Timeout(120)
class ConfigureTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String PCM_16K = "encoding=linear16&sample_rate=16000";
    private static EarshotServer server;
    /** "the code is one two three four five six period" */
    private static byte[] code;

    @BeforeAll
    static void start(VoskEngine engine) {
        server = TestServers.start(engine);
        code = Fixtures.pcm(Fixtures.dictatedCodeWav());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String finals(List<ServerMessage> messages) {
        return messages.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal())
                .map(m -> ((ResultsMessage) m).alternative().transcript()).filter(t -> !t.isEmpty())
                .collect(Collectors.joining(" "));
    }

    private static List<ServerMessage> finish(EventRecorder client) {
        client.closeStream();
        assertThat(client.awaitClose(WAIT).code()).isEqualTo(1000);
        return client.drainUntilClosed(Duration.ofSeconds(1));
    }

    @Test
    void numeralsTurnedOnMidStreamWriteTheLaterFinalsInDigits() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), PCM_16K, TestServers.API_KEY);
        client.sendAudio(code, 3200);
        client.sendText("{\"type\":\"Finalize\"}");
        client.sendText("{\"type\":\"Configure\",\"features\":{\"numerals\":true}}");
        List<ServerMessage> before = client.until(m -> m instanceof ConfigureSuccessMessage, WAIT);
        ConfigureSuccessMessage success = (ConfigureSuccessMessage) before.get(before.size() - 1);
        assertThat(success.features()).isEqualTo(Map.of("numerals", true));
        assertThat(success.requestId()).isEqualTo(((ResultsMessage) before.get(0)).metadata().requestId());
        // The Configure came after the first reading's audio and its Finalize: all of it is in words.
        assertThat(finals(before)).contains("one two three").doesNotContainPattern("\\d");

        client.sendAudio(code, 3200);
        List<ServerMessage> after = finish(client);
        assertThat(finals(after)).contains("1 2 3").doesNotContain("one two three");
        assertThat(after).noneMatch(m -> m instanceof ConfigureSuccessMessage || m instanceof ConfigureFailureMessage)
                .last().isInstanceOf(MetadataMessage.class);
    }

    @Test
    void everyConfigureGetsExactlyOneReplyInOrderAndAFailureChangesNothing() {
        EventRecorder client = EventRecorder.connect(server.baseUri(), PCM_16K + "&punctuate=true",
                TestServers.API_KEY);
        client.sendText("{\"type\":\"Configure\",\"keyterms\":[\"Earshot\"],\"features\":{\"numerals\":true}}");
        client.sendText("{\"type\":\"Configure\",\"features\":{\"sample_rate\":true}}");
        client.sendText("{\"type\":\"Configure\",\"model\":\"nova-3\"}");
        client.sendText("{\"type\":\"Configure\",\"features\":{\"punctuate\":\"no\"}}");
        client.sendText("{\"type\":\"Configure\",\"features\":{\"profanity_filter\":true}}");
        client.sendAudio(code, 3200);
        List<ServerMessage> messages = finish(client);
        List<ServerMessage> replies = messages.stream()
                .filter(m -> m instanceof ConfigureSuccessMessage || m instanceof ConfigureFailureMessage).toList();
        assertThat(replies).hasSize(5);
        assertThat(replies.subList(0, 4)).extracting(m -> ((ConfigureFailureMessage) m).code()).containsExactly(
                "KeytermsNotSupported", "FeatureNotSupported", "FeatureNotSupported", "InvalidConfigureMessage");
        assertThat(((ConfigureFailureMessage) replies.get(2)).description())
                .startsWith("'model' cannot change mid-stream");
        assertThat(replies.get(4)).isInstanceOf(ConfigureSuccessMessage.class);
        assertThat(messages).noneMatch(m -> m instanceof ErrorMessage);
        // The refused numerals never applied; punctuation from the query still does.
        assertThat(finals(messages)).startsWith("The code is one two three").doesNotContainPattern("\\d");
    }
}
