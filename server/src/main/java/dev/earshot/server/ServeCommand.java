package dev.earshot.server;

import dev.earshot.protocol.LocalApiKey;
import dev.earshot.server.audio.ffmpeg.Ffmpeg;
import dev.earshot.server.engine.VoskEngine;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code earshot serve}: loads the model, starts the server and serves until SIGTERM, then drains.
 * Every setting is a flag and an environment variable, the flag winning (live-api.md §8).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve Deepgram's live API on /v1/listen with the Vosk engine.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--host", defaultValue = "${env:EARSHOT_HOST:-127.0.0.1}", description = "Interface (default ${DEFAULT-VALUE}).")
    String host;
    @Option(names = "--port", defaultValue = "${env:EARSHOT_PORT:-8080}", description = "TCP port (default ${DEFAULT-VALUE}).")
    int port;
    @Option(names = "--api-keys", defaultValue = "${env:EARSHOT_API_KEYS}", description = "Comma-separated API keys.")
    String apiKeys;
    @Option(names = "--api-keys-file", defaultValue = "${env:EARSHOT_API_KEYS_FILE}", description = "File with one API key per line.")
    Path apiKeysFile;
    @Option(names = "--model", defaultValue = "${env:EARSHOT_MODEL}", description = "A Vosk model directory (default: the embedded English model).")
    Path model;
    @Option(names = "--model-language", defaultValue = "${env:EARSHOT_MODEL_LANGUAGE:-en}", description = "Language the model speaks (default ${DEFAULT-VALUE}).")
    String modelLanguage;
    @Option(names = "--max-streams", defaultValue = "${env:EARSHOT_MAX_STREAMS}", description = "Concurrent streams (default 6 per core).")
    Integer maxStreams;
    @Option(names = "--first-audio-timeout", defaultValue = "${env:EARSHOT_FIRST_AUDIO_TIMEOUT:-10s}", description = "NET-0001 when no audio comes this long after opening (default ${DEFAULT-VALUE}).")
    String firstAudioTimeout;
    @Option(names = "--idle-timeout", defaultValue = "${env:EARSHOT_IDLE_TIMEOUT:-10s}", description = "NET-0001 when neither audio nor text comes this long (default ${DEFAULT-VALUE}).")
    String idleTimeout;
    @Option(names = "--engine-timeout", defaultValue = "${env:EARSHOT_ENGINE_TIMEOUT:-10s}", description = "NET-0000 when the engine makes no progress this long (default ${DEFAULT-VALUE}).")
    String engineTimeout;
    @Option(names = "--max-frame-size", defaultValue = "${env:EARSHOT_MAX_FRAME_SIZE:-8MiB}", description = "Largest binary frame (default ${DEFAULT-VALUE}).")
    String maxFrameSize;
    @Option(names = "--session-buffer", defaultValue = "${env:EARSHOT_SESSION_BUFFER:-60s}", description = "Undecoded audio held per stream before reading pauses (default ${DEFAULT-VALUE}).")
    String sessionBuffer;
    @Option(names = "--drain-period", defaultValue = "${env:EARSHOT_DRAIN_PERIOD:-30s}", description = "Time streams get to finish on shutdown (default ${DEFAULT-VALUE}).")
    String drainPeriod;
    @Option(names = "--max-request-size", defaultValue = "${env:EARSHOT_MAX_REQUEST_SIZE:-32MiB}", description = "Largest pre-recorded request (default ${DEFAULT-VALUE}).")
    String maxRequestSize;
    @Option(names = "--upload-timeout", defaultValue = "${env:EARSHOT_UPLOAD_TIMEOUT:-10s}", description = "A POSTed body (or fetched URL) must begin within this, plus 1 s per --upload-min-rate received; else 408 (default ${DEFAULT-VALUE}).")
    String uploadTimeout;
    @Option(names = "--upload-min-rate", defaultValue = "${env:EARSHOT_UPLOAD_MIN_RATE:-4KiB}", description = "Bytes per second a body must keep up after --upload-timeout (default ${DEFAULT-VALUE}).")
    String uploadMinRate;
    @Option(names = "--upload-max-time", defaultValue = "${env:EARSHOT_UPLOAD_MAX_TIME:-5m}", description = "Longest a body may take in all; else 408 (default ${DEFAULT-VALUE}).")
    String uploadMaxTime;
    @Option(names = "--header-timeout", defaultValue = "${env:EARSHOT_HEADER_TIMEOUT:-10s}", description = "A request's head must arrive within this of its first byte; else 408 (default ${DEFAULT-VALUE}).")
    String headerTimeout;
    @Option(names = "--max-file-requests", defaultValue = "${env:EARSHOT_MAX_FILE_REQUESTS:-2}", description = "Pre-recorded files transcribed at once (default ${DEFAULT-VALUE}).")
    int maxFileRequests;
    @Option(names = "--url-fetch", defaultValue = "${env:EARSHOT_URL_FETCH:-false}", description = "Let POST /v1/listen fetch {\"url\": ...} (default ${DEFAULT-VALUE}).")
    boolean urlFetch;
    @Option(names = "--url-fetch-allow-private", defaultValue = "${env:EARSHOT_URL_FETCH_ALLOW_PRIVATE:-false}", description = "Let fetched URLs point to private addresses (default ${DEFAULT-VALUE}).")
    boolean urlFetchAllowPrivate;
    @Option(names = "--decode-threads", defaultValue = "${env:EARSHOT_DECODE_THREADS}", description = "Engine threads (default: one per core).")
    Integer decodeThreads;
    @Option(names = "--warm-recognizers", defaultValue = "${env:EARSHOT_WARM_RECOGNIZERS}", description = "Recognizers kept warm between segments, ~96 MB each (default 6 per core).")
    Integer warmRecognizers;
    @Option(names = "--pre-roll", defaultValue = "${env:EARSHOT_PRE_ROLL:-500ms}", description = "Silence (below -60 dBFS) between segments is not decoded, except this much before a sound; 0 decodes everything (default ${DEFAULT-VALUE}).")
    String preRoll;
    @Option(names = "--warm-up", defaultValue = "${env:EARSHOT_WARM_UP}", description = "Recognizers warmed up at start, in the background (default: --warm-recognizers).")
    Integer warmUp;

    private final PrintStream out;

    ServeCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws Exception {
        Path modelDir = model != null ? model : EmbeddedModel.locate();
        List<String> keys = ApiKeyStore.resolve(apiKeys, apiKeysFile, LocalApiKey.file(), out);
        SettingsBuilder builder = Settings.defaults(keys, modelDir).toBuilder()
                .host(host).port(port).modelLanguage(modelLanguage)
                .firstAudioTimeout(SettingValues.duration(firstAudioTimeout))
                .idleTimeout(SettingValues.duration(idleTimeout))
                .engineTimeout(SettingValues.duration(engineTimeout))
                .maxFrameBytes(SettingValues.bytes(maxFrameSize))
                .sessionBuffer(SettingValues.duration(sessionBuffer))
                .drainPeriod(SettingValues.duration(drainPeriod))
                .maxRequestBytes(SettingValues.bytes(maxRequestSize))
                .maxFileRequests(maxFileRequests)
                .upload(SettingValues.duration(uploadTimeout), SettingValues.bytes(uploadMinRate),
                        SettingValues.duration(uploadMaxTime))
                .headerTimeout(SettingValues.duration(headerTimeout))
                .urlFetch(urlFetch, urlFetchAllowPrivate)
                .preRoll(SettingValues.duration(preRoll));
        if (maxStreams != null) {
            builder.maxStreams(maxStreams);
        }
        if (warmRecognizers != null) {
            builder.warmRecognizers(warmRecognizers).warmUp(warmRecognizers); // as many warmed as kept, unless told
        }
        if (warmUp != null) {
            builder.warmUp(warmUp);
        }
        if (decodeThreads != null) {
            builder.decodeThreads(decodeThreads);
        }
        Settings settings = builder.build();
        Ffmpeg ffmpeg = Ffmpeg.load();
        try (VoskEngine engine = VoskEngine.load(settings.modelDir(), settings.modelLanguage(),
                settings.warmRecognizers())) {
            EarshotServer server = EarshotServer.start(settings, engine, ffmpeg);
            Thread hook = new Thread(server::shutdown, "earshot-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            server.warmUp(settings.warmUp());
            out.println("earshot listening on " + server.baseUri() + " (model " + engine.model().name() + ")");
            out.flush();
            server.join();
            return 0;
        }
    }

    /** The model the build unpacked next to the server's jar (or where the tests say it is). */
    static final class EmbeddedModel {
        private EmbeddedModel() {
        }

        static Path locate() throws Exception {
            String override = System.getProperty("earshot.model.dir");
            Path dir;
            if (override != null) {
                dir = Path.of(override);
            } else {
                Path code = Path.of(ServeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                dir = code.getParent().resolve("model").resolve("en-us");
            }
            if (!Files.isDirectory(dir)) {
                throw new IllegalStateException("The embedded model is missing at " + dir
                        + ": build the server with 'mvn -B package', or pass --model DIR");
            }
            return dir;
        }
    }
}
