package dev.earshot.server.testing;

import dev.earshot.server.EarshotServer;
import dev.earshot.server.audio.codec.AudioDecoders;
import dev.earshot.server.audio.ffmpeg.Ffmpeg;
import dev.earshot.server.audio.ffmpeg.FfmpegDecoders;
import dev.earshot.server.Settings;
import dev.earshot.server.SettingsBuilder;
import dev.earshot.server.engine.Engine;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts real servers on 127.0.0.1 and a free port, with one known API key. */
public final class TestServers {
    public static final String API_KEY = "test-key-0123456789";
    /** FFmpeg's natives load once per JVM (as JavaCPP's loader does anyway); every test server shares them. */
    private static Ffmpeg ffmpeg;

    private TestServers() {
    }

    public static synchronized Ffmpeg ffmpeg() {
        if (ffmpeg == null) {
            ffmpeg = Ffmpeg.load();
        }
        return ffmpeg;
    }

    /** Decoders for tests that run sessions without a server, with their own bounded threads. */
    public static AudioDecoders decoders(java.util.concurrent.ExecutorService threads) {
        return decoders(threads, settings().decodeLimits());
    }

    /** Decoders with limits of the test's own. */
    public static AudioDecoders decoders(java.util.concurrent.ExecutorService threads, Settings.DecodeLimits limits) {
        java.time.Duration stall = settings().decoderStallTimeout();
        return new AudioDecoders(new FfmpegDecoders(ffmpeg(), threads, stall, limits), threads, stall, limits);
    }

    public static Settings settings() {
        // No request log unless a test asks for one (in a directory of its own): none in the user's home.
        return Settings.defaults(List.of(API_KEY), SharedEngine.modelDir()).toBuilder().port(0).database("none")
                .build();
    }

    public static EarshotServer start(Engine engine) {
        return start(engine, builder -> builder);
    }

    public static EarshotServer start(Engine engine, UnaryOperator<SettingsBuilder> customize) {
        try {
            return EarshotServer.start(customize.apply(settings().toBuilder()).build(), engine, ffmpeg());
        } catch (Exception e) {
            throw new IllegalStateException("server did not start", e);
        }
    }
}
