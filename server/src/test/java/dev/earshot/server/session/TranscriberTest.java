package dev.earshot.server.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.server.Settings;
import dev.earshot.server.testing.ScriptedEngine;
import dev.earshot.server.testing.TestServers;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TranscriberTest {
    private final ScriptedEngine engine = new ScriptedEngine();
    private final ExecutorService decoderThreads = Executors.newCachedThreadPool();
    private final AtomicInteger progress = new AtomicInteger();

    @AfterEach
    void stop() {
        decoderThreads.shutdownNow();
    }

    private Transcriber open(String query) throws Exception {
        return open(query, TestServers.decoders(decoderThreads));
    }

    private Transcriber open(String query, dev.earshot.server.audio.codec.AudioDecoders decoders) throws Exception {
        SessionContext context = new SessionContext("00000000-0000-4000-8000-00000000abcd",
                ListenOptionsParser.parse(query), Settings.defaults(List.of("k"), Path.of("model")), engine.model(),
                Instant.parse("2026-11-24T03:00:00Z"), List.of());
        return new Transcriber(context, engine, decoders, message -> { }, progress::incrementAndGet);
    }

    /**
     * Decoding is charged to the stream's budget, its decoder thread's CPU included: with a budget of nothing,
     * the first FLAC frames end the stream as undecodable, and the engine's own work is not what is counted.
     */
    @Test
    void decodingIsChargedToTheBudget() throws Exception {
        Settings.DecodeLimits nothing = new Settings.DecodeLimits(1_000, 384_000, 255, 65_536, 1 << 20, 96_000, 1e-9,
                java.time.Duration.ZERO, 2L << 20);
        byte[] flac = java.nio.file.Files.readAllBytes(Path.of(System.getProperty("earshot.fixtures.dir", "../fixtures"),
                "formats", "speech-a.16k.flac"));
        try (Transcriber transcriber = open("", TestServers.decoders(decoderThreads, nothing))) {
            dev.earshot.server.audio.UndecodableAudioException refused = org.assertj.core.api.Assertions
                    .catchThrowableOfType(dev.earshot.server.audio.UndecodableAudioException.class, () -> {
                        boolean more = transcriber.onAudio(flac, 0, flac.length);
                        while (more) {
                            more = transcriber.decodeMore();
                        }
                    });
            assertThat(refused).isNotNull();
            assertThat(refused.getMessage()).startsWith("decoding took ").endsWith("this server allows 0.00 CPU-s per"
                    + " second of audio");
        }
        try (Transcriber transcriber = open("")) { // the default budget: the same file is a quarter of a percent of it
            boolean more = transcriber.onAudio(flac, 0, flac.length);
            while (more) {
                more = transcriber.decodeMore();
            }
            assertThat(transcriber.decodedSeconds()).isGreaterThan(13.9);
        }
    }

    /** A frame holding much audio reports progress every second of it, so NET-0000 sees a busy engine. */
    @Test
    void aLongFrameReportsProgressEverySecond() throws Exception {
        try (Transcriber transcriber = open("encoding=linear16&sample_rate=16000")) {
            transcriber.onAudio(new byte[10 * 32_000], 0, 10 * 32_000);
            assertThat(progress.get()).isEqualTo(10);
            assertThat(transcriber.decodedSeconds()).isEqualTo(10.0);
        }
    }

    @Test
    void aLongMultichannelFrameIsTranscribedInPiecesToo() throws Exception {
        try (Transcriber transcriber = open("encoding=linear16&sample_rate=8000&channels=2&multichannel=true")) {
            int bytes = 5 * 8000 * 2 * 2 / 2; // 2.5 s of two 16-bit channels
            transcriber.onAudio(new byte[bytes], 0, bytes);
            assertThat(progress.get()).isEqualTo(3);
            assertThat(transcriber.decodedSeconds()).isEqualTo(2.5);
        }
    }
}
