package dev.earshot.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.EarshotServer;
import dev.earshot.server.engine.VoskEngine;
import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.TimelineEntry;
import dev.earshot.server.testing.EventRecorder;
import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.RawHttp;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.testing.TestServers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every request ends in exactly one record: a stream, a file, a refusal; and never with the key in it. */
@ExtendWith(SharedEngine.class)
@Timeout(180)
class RequestEventsTest {
    private static final Recorder EVENTS = new Recorder();
    private static EarshotServer server;

    /** What a server told its watchers; the lags and first words are counted. */
    static final class Recorder implements RequestEvents {
        final BlockingQueue<RequestRecord> ended = new LinkedBlockingQueue<>();
        final List<Duration> lags = java.util.Collections.synchronizedList(new ArrayList<>());
        final List<Duration> firstWords = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void ended(RequestRecord record) {
            ended.add(record);
        }

        @Override
        public void resultLag(Duration behindAudio) {
            lags.add(behindAudio);
        }

        @Override
        public void firstWord(Duration sinceFirstAudio) {
            firstWords.add(sinceFirstAudio);
        }

        RequestRecord next() throws InterruptedException {
            RequestRecord record = ended.poll(60, TimeUnit.SECONDS);
            assertThat(record).as("a request record").isNotNull();
            return record;
        }
    }

    @BeforeAll
    static void start(VoskEngine engine) throws Exception {
        server = EarshotServer.start(TestServers.settings(), engine, TestServers.ffmpeg(), EVENTS);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aStreamIsRecordedWithItsAudioResultsTimelineAndClose() throws Exception {
        EventRecorder stream = EventRecorder.connect(server.baseUri(), "encoding=linear16&sample_rate=16000"
                + "&interim_results=true", TestServers.API_KEY);
        byte[] speech = Fixtures.pcm(Fixtures.speechAWav());
        stream.sendAudio(speech, 3200).closeStream().drainUntilClosed(Duration.ofSeconds(60));

        RequestRecord record = EVENTS.next();
        assertThat(record.kind()).isEqualTo(RequestRecord.Kind.STREAM);
        assertThat(record.httpStatus()).isEqualTo(101);
        assertThat(record.closeCode()).isEqualTo(1000);
        assertThat(record.audioBytes()).isEqualTo(speech.length);
        assertThat(record.audioSeconds()).isCloseTo(speech.length / 32_000.0, org.assertj.core.data.Offset.offset(0.1));
        assertThat(record.encoding()).isEqualTo("linear16");
        assertThat(record.finals()).isPositive();
        assertThat(record.results()).isGreaterThan(record.finals());
        assertThat(record.client().path()).isEqualTo("/v1/listen");
        assertThat(record.client().query()).contains("interim_results=true");
        assertThat(record.client().keyFingerprint()).hasSize(12).isNotEqualTo(TestServers.API_KEY.substring(0, 12));
        assertThat(record.toString()).doesNotContain(TestServers.API_KEY);
        assertThat(record.transcript()).isNull(); // not kept unless the operator says so
        assertThat(record.timeline()).extracting(TimelineEntry::event)
                .anyMatch(e -> e.startsWith("opened"))
                .anyMatch(e -> e.startsWith("first audio"))
                .contains("first word", "CloseStream")
                .anyMatch(e -> e.startsWith("closed 1000"));
        assertThat(EVENTS.lags).isNotEmpty();
        assertThat(EVENTS.firstWords).hasSize(1);
    }

    @Test
    void aRefusedUpgradeAFileAndAnUnknownPathAreRecorded() throws Exception {
        RawHttp.Response refused = RawHttp.upgrade(server.port(), "/v1/listen", Map.of("Authorization",
                "Token wrong-key"));
        RequestRecord upgrade = EVENTS.next();
        assertThat(upgrade.requestId()).isEqualTo(refused.header("dg-request-id"));
        assertThat(upgrade.kind()).isEqualTo(RequestRecord.Kind.STREAM);
        assertThat(upgrade.httpStatus()).isEqualTo(401);
        assertThat(upgrade.closeReason()).isEqualTo(refused.header("dg-error"));
        assertThat(upgrade.failed()).isTrue();

        RawHttp.Response file = RawHttp.request(server.port(), "POST", "/v1/listen", Map.of("Authorization",
                "Token " + TestServers.API_KEY, "Content-Type", "audio/wav"), Fixtures.speechAWav());
        assertThat(file.status()).isEqualTo(200);
        RequestRecord answered = EVENTS.next();
        assertThat(answered.kind()).isEqualTo(RequestRecord.Kind.FILE);
        assertThat(answered.httpStatus()).isEqualTo(200);
        assertThat(answered.audioSeconds()).isGreaterThan(1.0);
        assertThat(answered.audioBytes()).isEqualTo(Fixtures.speechAWav().length);
        assertThat(answered.failed()).isFalse();
        assertThat(answered.encoding()).isEqualTo("wav");

        RawHttp.request(server.port(), "GET", "/nowhere", Map.of(), new byte[0]);
        RequestRecord unknown = EVENTS.next();
        assertThat(unknown.kind()).isEqualTo(RequestRecord.Kind.OTHER);
        assertThat(unknown.httpStatus()).isEqualTo(404);
        assertThat(unknown.client().keyFingerprint()).isNull();
    }
}
