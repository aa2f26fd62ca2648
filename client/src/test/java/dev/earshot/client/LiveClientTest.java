package dev.earshot.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.client.testing.EarshotProcess;
import dev.earshot.client.testing.FrameRecordingProxy;
import dev.earshot.client.testing.FrameRecordingProxy.Frame;
import dev.earshot.client.testing.SharedServers;
import dev.earshot.client.testing.Speech;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.ServerMessage.UtteranceEndMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LiveClient} against a real Earshot server in its own process. */
@Timeout(120)
class LiveClientTest {
    private static final String LINEAR16 = "encoding=linear16&sample_rate=16000";
    /** 100 ms of 16 kHz linear16. */
    private static final int FRAME = 3200;

    /** Everything the listener was told, in order. */
    static final class Recorder implements LiveListener {
        final List<Object> events = new CopyOnWriteArrayList<>();

        @Override
        public void onResults(ResultsMessage results) {
            events.add(results);
        }

        @Override
        public void onMetadata(MetadataMessage metadata) {
            events.add(metadata);
        }

        @Override
        public void onSpeechStarted(SpeechStartedMessage started) {
            events.add(started);
        }

        @Override
        public void onUtteranceEnd(UtteranceEndMessage end) {
            events.add(end);
        }

        @Override
        public void onClose(CloseReason reason) {
            events.add(reason);
        }

        <T> List<T> all(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        String finalTranscript() {
            return String.join(" ", all(ResultsMessage.class).stream().filter(ResultsMessage::isFinal)
                    .map(r -> r.alternative().transcript()).filter(t -> !t.isEmpty()).toList());
        }
    }

    private static LiveClient client(URI url, String key, Duration keepAlive) {
        return LiveClient.builder(url, key).keepAliveInterval(keepAlive).build();
    }

    private static void sendInFrames(LiveConnection stream, byte[] pcm) {
        for (int at = 0; at < pcm.length; at += FRAME) {
            stream.sendAudio(Arrays.copyOfRange(pcm, at, Math.min(pcm.length, at + FRAME)));
        }
    }

    @Test
    void streamsSpeechAndFinishesWithMetadataThenANormalClose() throws Exception {
        EarshotProcess server = SharedServers.healthy();
        byte[] speech = Speech.pcm("speech-a.wav");
        byte[] pause = new byte[2 * 16_000 * 2];
        Recorder events = new Recorder();
        try (LiveClient client = client(server.baseUri(), EarshotProcess.API_KEY, Duration.ofSeconds(5));
             LiveConnection stream = client.connect(ListenOptionsParser.parse(LINEAR16
                     + "&interim_results=true&vad_events=true&utterance_end_ms=1000"), events)) {
            sendInFrames(stream, speech);
            sendInFrames(stream, pause);
            sendInFrames(stream, Arrays.copyOf(speech, 16_000 * 2 * 3));
            CloseReason close = stream.closeStream().get(60, TimeUnit.SECONDS);

            assertThat(close.code()).isEqualTo(1000);
            assertThat(close.errorCode()).contains(ErrorCode.NORMAL_CLOSURE);
        }
        assertThat(Speech.wordsFound(Speech.text("speech-a"), events.finalTranscript())).isGreaterThan(0.7);
        assertThat(events.all(ResultsMessage.class)).anyMatch(r -> !r.isFinal());
        assertThat(events.all(SpeechStartedMessage.class)).isNotEmpty();
        assertThat(events.all(UtteranceEndMessage.class)).as("the 2 s pause ends an utterance").isNotEmpty();
        // Metadata is the last message, then the close.
        assertThat(events.events.get(events.events.size() - 2)).isInstanceOf(MetadataMessage.class);
        assertThat(events.events.get(events.events.size() - 1)).isInstanceOf(CloseReason.class);
        MetadataMessage metadata = events.all(MetadataMessage.class).get(0);
        assertThat(metadata.requestId()).isEqualTo(events.all(ResultsMessage.class).get(0).metadata().requestId());
    }

    @Test
    void neverSendsAZeroLengthFrameEvenWhenAskedTo() throws Exception {
        EarshotProcess server = SharedServers.healthy();
        byte[] speech = Speech.pcm("speech-a.wav");
        Recorder events = new Recorder();
        int audioChunks = 0;
        try (FrameRecordingProxy proxy = new FrameRecordingProxy(server.port());
             LiveClient client = client(proxy.baseUri(), EarshotProcess.API_KEY, Duration.ofSeconds(5));
             LiveConnection stream = client.connect(LINEAR16, events)) {
            for (int at = 0; at < speech.length; at += FRAME) {
                stream.sendAudio(new byte[0]);
                stream.sendAudio(speech, at, 0);
                stream.sendAudio(Arrays.copyOfRange(speech, at, Math.min(speech.length, at + FRAME)));
                audioChunks++;
            }
            stream.sendAudio(new byte[0]);
            CloseReason close = stream.closeStream().get(60, TimeUnit.SECONDS);
            assertThat(close.code()).isEqualTo(1000);

            List<Frame> binary = proxy.frames().stream().filter(Frame::isBinary).toList();
            assertThat(binary).hasSize(audioChunks).allMatch(frame -> frame.length() > 0);
        }
        // Had an empty frame gone out, the server would have ended the stream at the first one.
        assertThat(Speech.wordsFound(Speech.text("speech-a"), events.finalTranscript())).isGreaterThan(0.7);
    }

    @Test
    void sendsKeepAliveDuringPausesSoAQuietStreamStaysOpen() throws Exception {
        EarshotProcess server = SharedServers.quickIdle();
        byte[] speech = Speech.pcm("speech-a.wav");
        Recorder events = new Recorder();
        try (FrameRecordingProxy proxy = new FrameRecordingProxy(server.port());
             LiveClient client = client(proxy.baseUri(), EarshotProcess.API_KEY, Duration.ofMillis(500));
             LiveConnection stream = client.connect(LINEAR16, events)) {
            sendInFrames(stream, Arrays.copyOf(speech, 16_000 * 2));
            // The server closes streams quiet for 2 s; nine KeepAlives 500 ms apart are a pause of over 4 s.
            assertThat(proxy.awaitTextFrames("\"KeepAlive\"", 9, Duration.ofSeconds(30))).isTrue();
            assertThat(stream.closed()).as("still open after a pause of nine KeepAlives").isNotDone();
            sendInFrames(stream, Arrays.copyOfRange(speech, 16_000 * 2, 16_000 * 2 * 3));
            assertThat(stream.closeStream().get(60, TimeUnit.SECONDS).code()).isEqualTo(1000);

            List<String> texts = proxy.frames().stream().filter(frame -> frame.opcode() == 1)
                    .map(Frame::text).toList();
            assertThat(texts).filteredOn(text -> text.contains("\"KeepAlive\"")).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void withoutKeepAlivesAQuietStreamIsClosedWithNet0001() throws Exception {
        EarshotProcess server = SharedServers.quickIdle();
        Recorder events = new Recorder();
        try (LiveClient client = client(server.baseUri(), EarshotProcess.API_KEY, Duration.ZERO);
             LiveConnection stream = client.connect(LINEAR16, events)) {
            sendInFrames(stream, Arrays.copyOf(Speech.pcm("speech-a.wav"), 16_000 * 2));
            CloseReason close = stream.closed().get(30, TimeUnit.SECONDS);

            assertThat(close.code()).isEqualTo(1011);
            assertThat(close.errorCode()).contains(ErrorCode.NO_AUDIO_IN_TIME);
        }
        assertThat(events.all(CloseReason.class)).singleElement()
                .satisfies(close -> assertThat(close.reason()).startsWith("NET-0001"));
    }

    @Test
    void keepAliveWaitsForTheFirstAudio() throws Exception {
        // KeepAlive cannot keep alive a stream that never sent audio (live-api.md §5), so none is sent.
        EarshotProcess server = SharedServers.healthy();
        try (FrameRecordingProxy proxy = new FrameRecordingProxy(server.port());
             LiveClient client = client(proxy.baseUri(), EarshotProcess.API_KEY, Duration.ofMillis(200))) {
            try (LiveConnection silent = client.connect(LINEAR16, new Recorder())) {
                // The server ends a stream that never sends audio (NET-0001), KeepAlive or not: the client had
                // its whole life to send one.
                assertThat(silent.closed().get(30, TimeUnit.SECONDS).errorCode()).contains(ErrorCode.NO_AUDIO_IN_TIME);
            }
            assertThat(proxy.frames()).filteredOn(frame -> frame.opcode() != 8).isEmpty(); // only its close
            try (LiveConnection stream = client.connect(LINEAR16, new Recorder())) {
                sendInFrames(stream, Arrays.copyOf(Speech.pcm("speech-a.wav"), FRAME));
                assertThat(proxy.awaitTextFrames("\"KeepAlive\"", 1, Duration.ofSeconds(30))).isTrue();
                assertThat(proxy.frames()).filteredOn(frame -> frame.opcode() == 1).isNotEmpty()
                        .allMatch(frame -> frame.text().contains("\"KeepAlive\""));
                stream.closeStream().get(30, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void aRefusedUpgradeCarriesStatusRequestIdErrorAndBody() {
        EarshotProcess server = SharedServers.healthy();
        try (LiveClient client = client(server.baseUri(), "not-the-key", Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.connect(LINEAR16, new Recorder()))
                    .isInstanceOfSatisfying(HandshakeException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(401);
                        assertThat(refused.requestId()).matches("[0-9a-f-]{36}");
                        assertThat(refused.dgError()).isNotBlank();
                        assertThat(refused.errorBody()).hasValueSatisfying(body -> {
                            assertThat(body.errCode()).isEqualTo("INVALID_AUTH");
                            assertThat(body.errMsg()).isEqualTo(refused.dgError());
                            assertThat(body.requestId()).isEqualTo(refused.requestId());
                        });
                    });
        }
    }

    @Test
    void aBadParameterIsRefusedWith400NamingIt() {
        EarshotProcess server = SharedServers.healthy();
        try (LiveClient client = client(server.baseUri(), EarshotProcess.API_KEY, Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.connect("encoding=linear16&sample_rate=fast", new Recorder()))
                    .isInstanceOfSatisfying(HandshakeException.class, refused -> {
                        assertThat(refused.status()).isEqualTo(400);
                        assertThat(refused.dgError()).contains("sample_rate");
                        assertThat(refused.errorBody()).isPresent();
                    });
        }
    }

    @Test
    void bytesThatAreNotAudioEndWithData0000() throws Exception {
        EarshotProcess server = SharedServers.healthy();
        byte[] garbage = new byte[64 * 1024];
        new Random(7).nextBytes(garbage);
        Recorder events = new Recorder();
        try (LiveClient client = client(server.baseUri(), EarshotProcess.API_KEY, Duration.ofSeconds(5));
             LiveConnection stream = client.connect("", events)) {
            stream.sendAudio(garbage);
            CloseReason close = stream.closed().get(30, TimeUnit.SECONDS);

            assertThat(close.code()).isEqualTo(1008);
            assertThat(close.errorCode()).contains(ErrorCode.UNDECODABLE_AUDIO);
        }
    }

    @Test
    void aServerThatIsNotThereIsAnIoException() throws Exception {
        URI nowhere = URI.create("http://127.0.0.1:" + EarshotProcess.unusedPort());
        try (LiveClient client = client(nowhere, "key", Duration.ofSeconds(5))) {
            assertThatThrownBy(() -> client.connect(LINEAR16, new Recorder()))
                    .isInstanceOf(IOException.class).hasMessageContaining("cannot connect");
        }
    }

    @Test
    void listenUriAcceptsHttpAndWebSocketSchemes() {
        assertThat(LiveClient.listenUri(URI.create("http://h:1"), "a=b")).hasToString("ws://h:1/v1/listen?a=b");
        assertThat(LiveClient.listenUri(URI.create("https://h"), "")).hasToString("wss://h/v1/listen");
        assertThat(LiveClient.listenUri(URI.create("wss://h:2/"), null)).hasToString("wss://h:2/v1/listen");
    }
}
