package dev.earshot.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.engine.ModelDescription;
import dev.earshot.server.transcript.RecognizedWord;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * The engine as Vosk's own users run it, for the baseline: one {@code org.vosk.Recognizer} per stream from
 * its first sample to its last, as vosk-server holds one per connection, {@code Result()} at its own endpoints
 * and {@code FinalResult()} at the end. None of the server's engine
 * layer (no pooled warm recognisers, no quiet audio left undecoded): what the serving efficiency compares
 * the server with is the engine as anyone gets it from Maven Central.
 */
public final class RawVosk implements Engine {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The embedded model's rate; the bench's fixtures are at it too. */
    private static final int SAMPLE_RATE_HZ = 16_000;

    private final Model model;
    private final ModelDescription description;
    private final AtomicInteger live = new AtomicInteger();

    private RawVosk(Model model, ModelDescription description) {
        this.model = model;
        this.description = description;
    }

    public static RawVosk load(Path modelDir, String language) throws IOException {
        LibVosk.setLogLevel(LogLevel.WARNINGS);
        String name = modelDir.toAbsolutePath().normalize().getFileName().toString();
        String version = "unknown";
        Path described = modelDir.resolve("earshot-model.properties");
        if (Files.isRegularFile(described)) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(described)) {
                properties.load(reader);
            }
            name = properties.getProperty("name", name);
            version = properties.getProperty("version", version);
        }
        return new RawVosk(new Model(modelDir.toString()), new ModelDescription("", name, version, "vosk-kaldi", language));
    }

    @Override
    public int sampleRateHz() {
        return SAMPLE_RATE_HZ;
    }

    @Override
    public ModelDescription model() {
        return description;
    }

    @Override
    public EngineStream openStream() throws EngineException {
        Recognizer recognizer;
        try {
            recognizer = new Recognizer(model, SAMPLE_RATE_HZ);
        } catch (IOException | RuntimeException e) {
            throw new EngineException("Vosk could not create a recognizer: " + e.getMessage(), e);
        }
        recognizer.setWords(true);
        recognizer.setPartialWords(true);
        live.incrementAndGet();
        return new EngineStream() {
            private boolean closed;

            @Override
            public boolean accept(short[] samples, int count) {
                return recognizer.acceptWaveForm(samples, count);
            }

            @Override
            public void skip(int count) {
                throw new UnsupportedOperationException("the baseline decodes every sample");
            }

            @Override
            public boolean inUtterance() {
                return true;
            }

            @Override
            public List<RecognizedWord> partial() throws EngineException {
                return words(recognizer.getPartialResult(), "partial_result");
            }

            /** Vosk's {@code Result()}: the utterance ends, the feature pipeline and its adaptation go on. */
            @Override
            public List<RecognizedWord> endUtterance() throws EngineException {
                return words(recognizer.getResult(), "result");
            }

            @Override
            public List<RecognizedWord> endSegment() throws EngineException {
                return words(recognizer.getFinalResult(), "result");
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    recognizer.close();
                    live.decrementAndGet();
                }
            }
        };
    }

    /** Vosk's word times already count from the recogniser's first sample, which is the stream's. */
    private static List<RecognizedWord> words(String json, String field) throws EngineException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new EngineException("Vosk returned unreadable JSON: " + e.getMessage(), e);
        }
        List<RecognizedWord> words = new ArrayList<>();
        for (JsonNode word : root.path(field)) {
            double start = word.path("start").asDouble();
            words.add(new RecognizedWord(word.path("word").asText(""), start,
                    Math.max(start, word.path("end").asDouble()), word.path("conf").asDouble(1.0)));
        }
        return words;
    }

    @Override
    public int liveStreams() {
        return live.get();
    }

    @Override
    public void close() {
        model.close();
    }
}
