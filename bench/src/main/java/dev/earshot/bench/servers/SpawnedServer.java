package dev.earshot.bench.servers;

import dev.earshot.bench.measure.ResourceGauge;
import dev.earshot.server.EarshotServer;
import dev.earshot.server.Setting;
import dev.earshot.server.Settings;
import dev.earshot.server.SettingsBuilder;
import dev.earshot.server.audio.ffmpeg.Ffmpeg;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.VoskEngine;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server started in the bench's own JVM ({@code --spawn}), wired as {@code earshot serve} wires it: on
 * 127.0.0.1 and a free port, with a key made for the run, around an engine the caller loaded and owns.
 * Every setting is the default except the stream limit, raised to what the run asks for.
 */
public final class SpawnedServer implements ServerUnderTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Warming a dozen recognisers up takes ~36-40 s on 2 cores (EngineWarmUp). */
    private static final Duration WARM_UP_LIMIT = Duration.ofMinutes(2);

    private final EarshotServer server;
    private final Engine engine;
    private final String apiKey;
    private final Path dataDir;

    private SpawnedServer(EarshotServer server, Engine engine, String apiKey, Path dataDir) {
        this.dataDir = dataDir;
        this.server = server;
        this.engine = engine;
        this.apiKey = apiKey;
    }

    /**
     * The engine a spawned server runs on: as {@code earshot serve} loads it, with as many warm recognisers
     * as the server admits streams.
     */
    public static VoskEngine engine(Path modelDir, String language, int streams) throws EngineException {
        int admitted = Math.max(Settings.defaults(List.of("unused"), modelDir).maxStreams(), streams);
        return VoskEngine.load(modelDir, language, admitted);
    }

    /**
     * @param streams       the most streams the run will hold at once: max-streams becomes at least this
     * @param decodeThreads engine threads; null for the default (one per core)
     * @param warmUp        recognisers warmed at start; null for serve's default
     */
    public static SpawnedServer start(Engine engine, Ffmpeg ffmpeg, Path modelDir, int streams, Integer decodeThreads,
                                      Integer warmUp) throws Exception {
        String key = "bench-" + HexFormat.of().formatHex(bytes());
        Settings defaults = Settings.defaults(List.of(key), modelDir);
        SettingsBuilder settings = defaults.toBuilder().host("127.0.0.1").port(0)
                .maxStreams(Math.max(defaults.maxStreams(), streams))
                .warmRecognizers(Math.max(defaults.maxStreams(), streams));
        if (decodeThreads != null) {
            settings.decodeThreads(decodeThreads);
        }
        // The request log as serve keeps it (SQLite), in a directory of this run's own; EARSHOT_DATABASE=none
        // measures the server without it.
        Path dataDir = Files.createTempDirectory("earshot-bench-");
        String database = System.getenv(Setting.DATABASE.environmentVariable());
        settings.dataDir(dataDir).database(database == null ? Setting.DATABASE.defaultValue() : database);
        if (warmUp != null) {
            settings.warmUp(warmUp);
        }
        Settings chosen = settings.build();
        EarshotServer server = EarshotServer.start(chosen, engine, ffmpeg);
        // As 'earshot serve' does, and the steps start once it is done: a deployed server has long finished.
        if (!server.warmUp(chosen.warmUp()).await(WARM_UP_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
            server.close();
            throw new IllegalStateException("the spawned server's recognisers were not warm after " + WARM_UP_LIMIT);
        }
        return new SpawnedServer(server, engine, key, dataDir);
    }

    private static byte[] bytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Override
    public URI baseUri() {
        return server.baseUri();
    }

    @Override
    public String apiKey() {
        return apiKey;
    }

    @Override
    public ResourceGauge gauge() {
        return new ResourceGauge.ThisProcess();
    }

    @Override
    public String modelName() {
        return engine.model().name();
    }

    @Override
    public OptionalInt liveRecognisers() {
        return OptionalInt.of(engine.liveStreams());
    }

    @Override
    public void awaitQuiet(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (server.admission().runningCount() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException gone) {
            // A temporary directory: nothing to keep.
        }
    }
}
