package dev.earshot.server.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * The Vosk (Kaldi) engine: one {@link Model} loaded from a model directory and shared by every stream,
 * as vosk-server does; each stream channel borrows a recogniser for each segment ({@link VoskStream}) from
 * a pool that keeps them warm ({@link RecognizerPool}).
 */
public final class VoskEngine implements Engine {
    /** Kaldi's own default when a model's mfcc.conf does not say. */
    private static final int DEFAULT_SAMPLE_RATE_HZ = 16_000;
    private static final Pattern SAMPLE_FREQUENCY = Pattern.compile("--sample-frequency=(\\d+)");
    /** Written by the build next to the embedded model: its name and version for model_info. */
    static final String DESCRIPTION_FILE = "earshot-model.properties";

    private final Model model;
    private final RecognizerPool recognizers;
    private final ModelDescription description;
    private final int sampleRateHz;
    private final AtomicInteger liveStreams = new AtomicInteger();
    /** Sized by the machine's cores, which decoding shares whatever the number of decode threads. */
    private final RenewalBudget renewals = new RenewalBudget(Runtime.getRuntime().availableProcessors(),
            System::nanoTime);

    private VoskEngine(Model model, ModelDescription description, int sampleRateHz, int warmRecognizers) {
        this.model = model;
        this.recognizers = new RecognizerPool(model, sampleRateHz, warmRecognizers);
        this.description = description;
        this.sampleRateHz = sampleRateHz;
    }

    /**
     * Loads the model in {@code modelDir} (a Vosk model directory: am/, conf/, graph/, ivector/).
     *
     * @param language        the language the model speaks, for validating the {@code language} parameter
     * @param warmRecognizers how many recognisers to keep between segments for the next ones (see
     *                        {@link RecognizerPool}); 0 makes every segment start on a new recogniser
     */
    public static VoskEngine load(Path modelDir, String language, int warmRecognizers) throws EngineException {
        if (!Files.isDirectory(modelDir.resolve("am")) || !Files.isDirectory(modelDir.resolve("conf"))) {
            throw new EngineException("Not a Vosk model directory (no am/ and conf/ inside): " + modelDir);
        }
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        Model model;
        try {
            model = new Model(modelDir.toString());
        } catch (IOException | RuntimeException e) {
            throw new EngineException("Vosk could not load the model in " + modelDir + ": " + e.getMessage(), e);
        }
        int sampleRateHz = sampleRate(modelDir);
        return new VoskEngine(model, describe(modelDir, language), sampleRateHz, warmRecognizers);
    }

    private static ModelDescription describe(Path modelDir, String language) throws EngineException {
        Path absolute = modelDir.toAbsolutePath().normalize();
        String uuid = UUID.nameUUIDFromBytes(absolute.toString().getBytes(StandardCharsets.UTF_8)).toString();
        String name = absolute.getFileName() == null ? "vosk-model" : absolute.getFileName().toString();
        String version = "unknown";
        try {
            Path uuidFile = modelDir.resolve("uuid");
            if (Files.isRegularFile(uuidFile)) {
                uuid = UUID.fromString(Files.readString(uuidFile).trim()).toString();
            }
            Path descriptionFile = modelDir.resolve(DESCRIPTION_FILE);
            if (Files.isRegularFile(descriptionFile)) {
                Properties properties = new Properties();
                try (var reader = Files.newBufferedReader(descriptionFile)) {
                    properties.load(reader);
                }
                name = properties.getProperty("name", name);
                version = properties.getProperty("version", version);
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new EngineException("Cannot read the description of the model in " + modelDir + ": " + e.getMessage(), e);
        }
        return new ModelDescription(uuid, name, version, "vosk-kaldi", language);
    }

    private static int sampleRate(Path modelDir) throws EngineException {
        Path mfcc = modelDir.resolve("conf").resolve("mfcc.conf");
        try {
            if (Files.isRegularFile(mfcc)) {
                Matcher matcher = SAMPLE_FREQUENCY.matcher(Files.readString(mfcc));
                if (matcher.find()) {
                    return Integer.parseInt(matcher.group(1));
                }
            }
            return DEFAULT_SAMPLE_RATE_HZ;
        } catch (IOException | NumberFormatException e) {
            throw new EngineException("Cannot read the sample rate from " + mfcc + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int sampleRateHz() {
        return sampleRateHz;
    }

    @Override
    public ModelDescription model() {
        return description;
    }

    @Override
    public EngineStream openStream() throws EngineException {
        liveStreams.incrementAndGet();
        return new VoskStream(recognizers, renewals, sampleRateHz, liveStreams::decrementAndGet);
    }

    @Override
    public int liveStreams() {
        return liveStreams.get();
    }

    @Override
    public int warmRecognizers() {
        return recognizers.idle();
    }

    @Override
    public void close() {
        recognizers.close();
        model.close();
    }
}
