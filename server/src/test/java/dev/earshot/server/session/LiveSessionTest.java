package dev.earshot.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.server.Settings;
import dev.earshot.server.SettingsBuilder;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.testing.Await;
import dev.earshot.server.testing.ManualTimers;
import dev.earshot.server.testing.ScriptedEngine;
import dev.earshot.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The session state machine on a manual clock and a scripted engine: the 10 s rules of live-api.md §5 run
 * in microseconds, and every message and close the session emits is recorded in order.
 */
@Timeout(30)
class LiveSessionTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final ManualTimers timers = new ManualTimers();
    private final ScriptedEngine engine = new ScriptedEngine();
    private final DecodeLanes lanes = new DecodeLanes(2, timers::nanoTime);
    private final RecordingOutbox outbox = new RecordingOutbox();
    private final List<LiveSession> released = new CopyOnWriteArrayList<>();
    private final ExecutorService decoderThreads = Executors.newCachedThreadPool();
    private final SessionServices services = new SessionServices(engine, TestServers.decoders(decoderThreads), timers);

    @AfterEach
    void stop() {
        engine.unblock();
        lanes.close();
        decoderThreads.shutdownNow();
    }

    /** Everything the session sent, in order, and how it asked the transport to behave. */
    static class RecordingOutbox implements Outbox {
        final List<Object> events = new CopyOnWriteArrayList<>();
        final AtomicInteger resumes = new AtomicInteger();

        @Override
        public void send(ServerMessage message) {
            events.add(message);
        }

        @Override
        public void close(CloseReason reason) {
            events.add(reason);
        }

        @Override
        public void resumeReading() {
            resumes.incrementAndGet();
        }

        CloseReason close() {
            return events.stream().filter(e -> e instanceof CloseReason).map(CloseReason.class::cast)
                    .findFirst().orElse(null);
        }

        List<Object> snapshot() {
            return new ArrayList<>(events);
        }
    }

    private LiveSession open(String query, SettingsBuilder settings) throws Exception {
        return openOn(services, query, settings);
    }

    private LiveSession openOn(SessionServices with, String query, SettingsBuilder settings) throws Exception {
        ListenOptions options = ListenOptionsParser.parse(query);
        SessionContext context = new SessionContext("00000000-0000-4000-8000-00000000abcd", options,
                settings.build(), with.engine().model(), Instant.parse("2026-11-24T03:00:00Z"), List.of());
        LiveSession session = new LiveSession(context, with, lanes.newLane(), outbox, released::add);
        session.start();
        return session;
    }

    private static SettingsBuilder settings() {
        return Settings.defaults(List.of("k"), Path.of("model")).toBuilder();
    }

    /**
     * Lets the decode lane finish what it was given before the clock moves: the lane runs on real threads,
     * and a manual clock jumping 10 s while it works would look like a stalled engine.
     */
    private static void settle(LiveSession session) {
        Await.until("the decode lane is idle", () -> session.lane().isIdle(), WAIT);
    }

    private void awaitClose() {
        Await.until("the session closes", () -> outbox.close() != null, WAIT);
    }

    /** The close must come last, right after the one Metadata. */
    private MetadataMessage assertMetadataThenClose(int code, String prefix) {
        awaitClose();
        List<Object> events = outbox.snapshot();
        assertThat(events.get(events.size() - 1)).isEqualTo(outbox.close());
        assertThat(events.get(events.size() - 2)).isInstanceOf(MetadataMessage.class);
        assertThat(events).filteredOn(e -> e instanceof MetadataMessage).hasSize(1);
        assertThat(events).filteredOn(e -> e instanceof CloseReason).hasSize(1);
        assertThat(outbox.close().code()).isEqualTo(code);
        assertThat(outbox.close().reason()).startsWith(prefix);
        return (MetadataMessage) events.get(events.size() - 2);
    }

    private static byte[] audio(int millis) {
        return dev.earshot.server.testing.Fixtures.syllables(millis);
    }

    @Test
    void noAudioWithinTenSecondsIsNet0001EvenWithKeepAlives() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        timers.advance(Duration.ofSeconds(4));
        session.onText("{\"type\":\"KeepAlive\"}");
        timers.advance(Duration.ofSeconds(4));
        session.onText("{\"type\":\"KeepAlive\"}");
        assertThat(outbox.close()).isNull();
        timers.advance(Duration.ofMillis(1999));
        assertThat(outbox.close()).as("still open just before 10 s").isNull();
        timers.advance(Duration.ofMillis(1));
        assertThat(assertMetadataThenClose(1011, "NET-0001: no audio received within 10 s").channels()).isZero();
        assertThat(released).containsExactly(session);
        assertThat(timers.pending()).as("the watchdog is gone").isZero();
    }

    @Test
    void afterAudioTextMessagesResetTheIdleDeadline() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        session.onAudio(audio(100));
        settle(session);
        for (int i = 0; i < 5; i++) {
            timers.advance(Duration.ofSeconds(9));
            session.onText("{\"type\":\"KeepAlive\"}");
        }
        assertThat(outbox.close()).as("45 s with a KeepAlive every 9 s").isNull();
        timers.advance(Duration.ofSeconds(9));
        session.onPing();
        timers.advance(Duration.ofSeconds(9));
        assertThat(outbox.close()).as("a ping counts too").isNull();
        session.onText("");
        timers.advance(Duration.ofSeconds(9));
        assertThat(outbox.close()).as("an empty text frame is a text message too").isNull();
        timers.advance(Duration.ofSeconds(1));
        assertMetadataThenClose(1011, "NET-0001: no audio or text message received within the 10 s");
    }

    /** The idle rule ends the stream like CloseStream does, with its own code: the last words still come. */
    @Test
    void aClientThatGoesQuietStillGetsTheFinalsOfWhatItSentBeforeNet0001() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        session.onAudio(audio(500));
        settle(session);
        timers.advance(Duration.ofSeconds(10));
        assertMetadataThenClose(1011, "NET-0001: no audio or text message received within the 10 s");
        List<Object> events = outbox.snapshot();
        ResultsMessage last = (ResultsMessage) events.get(events.size() - 3);
        assertThat(last.isFinal()).as("the open segment is flushed before Metadata").isTrue();
        assertThat(last.start() + last.duration()).isEqualTo(0.5);
    }

    @Test
    void anEngineThatMakesNoProgressIsNet0000() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        engine.block();
        session.onAudio(audio(100));
        for (int i = 0; i < 9; i++) {
            timers.advance(Duration.ofSeconds(1));
            session.onText("{\"type\":\"KeepAlive\"}");
        }
        assertThat(outbox.close()).isNull();
        timers.advance(Duration.ofSeconds(1));
        assertMetadataThenClose(1011, "NET-0000");
        engine.unblock();
        Await.until("the recogniser is freed", () -> engine.liveStreams() == 0, WAIT);
    }

    @Test
    void closeStreamFlushesFinalsThenMetadataThen1000() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        session.onAudio(audio(500));
        session.onText("{\"type\":\"CloseStream\"}");
        MetadataMessage metadata = assertMetadataThenClose(1000, "");
        assertThat(metadata.duration()).isEqualTo(0.5);
        assertThat(metadata.channels()).isEqualTo(1);
        List<Object> events = outbox.snapshot();
        ResultsMessage last = (ResultsMessage) events.get(events.size() - 3);
        assertThat(last.isFinal()).isTrue();
        assertThat(last.start() + last.duration()).isEqualTo(0.5);
        Await.until("the recogniser is freed", () -> engine.liveStreams() == 0, WAIT);
        session.onAudio(audio(100));
        session.onText("{\"type\":\"CloseStream\"}");
        assertThat(outbox.snapshot()).as("nothing after the close").hasSameSizeAs(events);
    }

    @Test
    void theEmptyBinaryFrameIsCloseStream() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        session.onAudio(audio(100));
        session.onEndOfAudio();
        assertMetadataThenClose(1000, "");
    }

    @Test
    void aFastSenderIsPausedAndResumedAndNothingIsDropped() throws Exception {
        // (The byte cap is the limit here: 1 s of 16 kHz linear16 is 32 000 bytes.)
        LiveSession session = open("encoding=linear16&sample_rate=16000",
                settings().sessionBuffer(Duration.ofSeconds(10)).sessionBufferMaxBytes(32_000));
        engine.block();
        boolean more = true;
        int sent = 0;
        while (more) {
            more = session.onAudio(audio(100));
            sent++;
        }
        assertThat(sent).as("frames accepted before the 1 s buffer is full").isEqualTo(10);
        assertThat(outbox.resumes.get()).isZero();
        engine.unblock();
        Await.until("reading resumes", () -> outbox.resumes.get() == 1, WAIT);
        session.onText("{\"type\":\"CloseStream\"}");
        assertThat(assertMetadataThenClose(1000, "").duration()).isEqualTo(1.0);
    }

    @Test
    void aSenderPausedByBackpressureIsNotIdleHowLongTheEngineTakes() throws Exception {
        MeteredEngine metered = new MeteredEngine();
        LiveSession session = openOn(new SessionServices(metered, services.decoders(), timers),
                "encoding=linear16&sample_rate=16000", settings());
        int accepted = 0;
        while (session.onAudio(audio(100))) { // 100 ms frames until the 60 s buffer is full
            accepted++;
        }
        // 60 s of 3,200-byte frames, each charged 128 bytes more for what it costs while it waits.
        assertThat(accepted + 1).isEqualTo((int) Math.ceil(60 * 32_000.0 / (3_200 + 128)));
        // The engine decodes at real time: draining to the resume mark takes 15 s, past the 10 s idle rule.
        int decoded = 0;
        while (outbox.resumes.get() == 0 && outbox.close() == null) {
            timers.advance(Duration.ofMillis(100));
            metered.permits.release();
            int target = ++decoded;
            Await.until("one block decoded", () -> metered.accepted.get() >= target, WAIT);
        }
        assertThat(outbox.close()).as("closed while the server itself was not reading").isNull();
        // Three quarters of the buffer left, give or take the slice in which it passed the mark: frames queued
        // behind a busy lane join slices of up to 32 KiB (ten 100 ms frames here).
        assertThat(decoded).as("resumed with three quarters of the buffer left").isBetween(140, 160);
        timers.advance(Duration.ofSeconds(9));
        assertThat(outbox.close()).as("the idle clock restarts at the resume").isNull();
        metered.permits.release(10_000);
    }

    /**
     * One frame holding far more audio than the session buffer is kept whole, and a client that then waits
     * quietly for its Results is not idle while the engine works through it (live-api.md §5, §6): not even
     * after reading resumes, with audio still to transcribe that lasts longer than the idle timeout.
     */
    @Test
    void aClientWaitingForTheResultsOfOneHugeFrameIsNotIdleAndLosesNothing() throws Exception {
        MeteredEngine metered = new MeteredEngine();
        Duration idle = Duration.ofMillis(500);
        LiveSession session = openOn(new SessionServices(metered, services.decoders(), timers),
                "encoding=linear16&sample_rate=16000",
                settings().sessionBufferMaxBytes(64 << 10).firstAudioTimeout(idle).idleTimeout(idle));
        assertThat(session.onAudio(audio(10_000))).as("10 s in one frame: more than the 2 s buffer").isFalse();
        for (int block = 1; block <= 100; block++) { // the engine at real time: twenty idle timeouts of work
            timers.advance(Duration.ofMillis(100));
            metered.permits.release();
            int target = block;
            Await.until("one block decoded", () -> metered.accepted.get() >= target, WAIT);
            assertThat(outbox.close()).as("closed %d ms into the work on audio the client sent", block * 100).isNull();
        }
        assertThat(outbox.resumes.get()).as("reading resumed before the last of the frame was transcribed").isOne();
        settle(session);
        timers.advance(idle.minusMillis(1));
        assertThat(outbox.close()).as("the idle clock starts when the audio is transcribed").isNull();
        timers.advance(Duration.ofMillis(1));
        MetadataMessage metadata = assertMetadataThenClose(1011, "NET-0001");
        assertThat(metadata.duration()).as("every second of the frame was transcribed").isEqualTo(10.0);
    }

    /** The place is free before the client can hear of the close: a client that reconnects on it gets in. */
    @Test
    void theAdmissionPlaceIsGivenBackBeforeTheCloseGoesOut() throws Exception {
        List<Integer> releasedWhenClosed = new CopyOnWriteArrayList<>();
        RecordingOutbox watching = new RecordingOutbox() {
            @Override
            public void close(CloseReason reason) {
                releasedWhenClosed.add(released.size());
                super.close(reason);
            }
        };
        ListenOptions options = ListenOptionsParser.parse("encoding=linear16&sample_rate=16000");
        SessionContext context = new SessionContext("00000000-0000-4000-8000-00000000abce", options,
                settings().build(), engine.model(), Instant.parse("2026-11-24T03:00:00Z"), List.of());
        LiveSession session = new LiveSession(context, services, lanes.newLane(), watching, released::add);
        session.start();
        session.onAudio(audio(300));
        session.onText("{\"type\":\"CloseStream\"}");
        Await.until("the session closes", () -> watching.close() != null, WAIT);
        assertThat(releasedWhenClosed).containsExactly(1);
    }

    /** A stream whose bytes never became audio says so in Metadata instead of ending in silence. */
    @Test
    void aStreamThatDecodesToNoAudioSaysWhyInMetadata() throws Exception {
        LiveSession session = open("", settings());
        byte[] header = dev.earshot.server.testing.Fixtures.wavHeader(1, 1, 16_000, 16, 32_000);
        session.onAudio(java.util.Arrays.copyOf(header, 30));
        session.onText("{\"type\":\"CloseStream\"}");
        MetadataMessage metadata = assertMetadataThenClose(1000, "");
        assertThat(metadata.channels()).isZero();
        assertThat(metadata.warnings()).extracting(ServerMessage.Warning::type).containsExactly("NO_AUDIO");
        assertThat(metadata.warnings().get(0).message()).isEqualTo("the 30 bytes received decoded to no audio: the"
                + " WAV header ended after 30 bytes, before its data chunk");
    }

    /** A client sending 1-byte frames faster than the engine decodes: frames join the queued slice. */
    @Test
    void tinyFramesThatWaitForTheLaneJoinOneSliceInsteadOfATaskEach() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        engine.block();
        byte[] pcm = audio(3_000); // 96,000 bytes
        for (byte b : pcm) {
            session.onAudio(new byte[] {b});
        }
        assertThat(session.lane().queued()).as("tasks for 96,000 one-byte frames").isLessThanOrEqualTo(4);
        session.onText("{\"type\":\"Finalize\"}");
        session.onAudio(new byte[] {0});
        assertThat(session.lane().queued()).as("audio after a Finalize queues behind it").isLessThanOrEqualTo(6);
        engine.unblock();
        session.onText("{\"type\":\"CloseStream\"}");
        assertThat(assertMetadataThenClose(1000, "").duration()).as("every byte decoded, in order")
                .isCloseTo(3.0, org.assertj.core.data.Offset.offset(1e-4));
    }

    /** Input a decoder keeps taking without ever making audio (an MP3 tag that claims 256 MB) is refused at 2 MiB. */
    @Test
    void inputThatYieldsNoAudioForTwoMebibytesIsData0000() throws Exception {
        LiveSession session = open("", settings());
        java.util.Random noise = new java.util.Random(1);
        byte[] tag = {'I', 'D', '3', 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F};
        session.onAudio(tag);
        for (int i = 0; i < 96 && outbox.close() == null; i++) { // 3 MiB of noise without an MPEG frame sync
            byte[] frame = new byte[32 * 1024];
            noise.nextBytes(frame);
            for (int j = 0; j < frame.length; j++) {
                frame[j] = (byte) (frame[j] & 0x7F);
            }
            session.onAudio(frame);
            settle(session);
        }
        assertMetadataThenClose(1008, "DATA-0000: ");
        assertThat(outbox.close().reason()).contains("bytes of input decoded to no audio; this server takes at most"
                + " 2097152 bytes without audio");
    }

    @Test
    void aFloodOfFinalizesCostsOneFlush() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        engine.block();
        session.onAudio(audio(300));
        for (int i = 0; i < 10_000; i++) {
            session.onText("{\"type\":\"Finalize\"}");
        }
        engine.unblock();
        settle(session);
        assertThat(outbox.snapshot()).filteredOn(e -> e instanceof ResultsMessage r && r.fromFinalize())
                .as("one flush for the whole flood").hasSize(1);
    }

    /** A Finalize after more audio flushes that audio too, even while an earlier Finalize still waits. */
    @Test
    void aFinalizeAfterMoreAudioIsNotMergedIntoTheOneBeforeIt() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        engine.block(); // the lane is behind, as on a loaded server
        session.onAudio(audio(300));
        session.onText("{\"type\":\"Finalize\"}");
        session.onAudio(audio(300));
        session.onText("{\"type\":\"Finalize\"}");
        session.onText("{\"type\":\"Finalize\"}");
        engine.unblock();
        settle(session);
        List<ResultsMessage> flushes = outbox.snapshot().stream()
                .filter(e -> e instanceof ResultsMessage r && r.fromFinalize()).map(ResultsMessage.class::cast)
                .toList();
        assertThat(flushes).as("one flush per run of Finalizes").hasSize(2);
        assertThat(flushes.get(1).start() + flushes.get(1).duration()).as("the second flush reaches the end")
                .isCloseTo(0.6, org.assertj.core.data.Offset.offset(1e-9));
    }

    /** Each accept() takes one permit: the test sets the engine's pace. */
    static final class MeteredEngine implements dev.earshot.server.engine.Engine {
        final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        final AtomicInteger accepted = new AtomicInteger();
        private final ScriptedEngine model = new ScriptedEngine();

        @Override
        public int sampleRateHz() {
            return ScriptedEngine.RATE_HZ;
        }

        @Override
        public dev.earshot.server.engine.ModelDescription model() {
            return model.model();
        }

        @Override
        public dev.earshot.server.engine.EngineStream openStream() {
            return new dev.earshot.server.engine.EngineStream() {
                @Override
                public boolean accept(short[] samples, int count) {
                    permits.acquireUninterruptibly();
                    accepted.incrementAndGet();
                    return false;
                }

                @Override
                public void skip(int count) {
                }

                @Override
                public boolean inUtterance() {
                    return accepted.get() > 0;
                }

                @Override
                public List<dev.earshot.server.transcript.RecognizedWord> partial() {
                    return List.of();
                }

                @Override
                public List<dev.earshot.server.transcript.RecognizedWord> endSegment() {
                    return List.of();
                }

                @Override
                public void close() {
                }
            };
        }

        @Override
        public int liveStreams() {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void undecodableAudioIsData0000AndFreesTheRecognisers() throws Exception {
        LiveSession session = open("", settings());
        session.onAudio("definitely not audio".getBytes());
        assertMetadataThenClose(1008, "DATA-0000: no known container");
        assertThat(outbox.close().reason()).as("the hint fits in the close frame whole")
                .endsWith("for raw audio give encoding and sample_rate");
        assertThat(engine.openedStreams()).as("no recogniser for undecodable bytes").isZero();
    }

    @Test
    void aVanishedClientGetsNothingButItsRecognisersAreFreed() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        session.onAudio(audio(300));
        Await.until("a recogniser is open", () -> engine.liveStreams() == 1, WAIT);
        session.onTransportClosed(1006, "gone");
        Await.until("the recogniser is freed", () -> engine.liveStreams() == 0, WAIT);
        assertThat(outbox.snapshot()).noneMatch(e -> e instanceof MetadataMessage || e instanceof CloseReason);
        assertThat(released).containsExactly(session);
    }

    @Test
    void closeHappensOnceWhateverRacesForIt() throws Exception {
        LiveSession session = open("encoding=linear16&sample_rate=16000", settings());
        session.onAudio(audio(100));
        session.onFrameTooLarge(9_000_000, 8 << 20, "binary");
        session.onText("{\"type\":\"CloseStream\"}");
        timers.advance(Duration.ofSeconds(60));
        session.onTransportClosed(1006, "gone");
        assertMetadataThenClose(1009, "DATA-0001");
        assertThat(released).hasSize(1);
    }
}
