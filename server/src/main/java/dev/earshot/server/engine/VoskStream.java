package dev.earshot.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.transcript.RecognizedWord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * One Vosk recogniser, made when a stream channel opens and freed when it closes (vosk-server's
 * session constructor/destructor). Vosk answers in JSON; this turns it into {@link RecognizedWord}s.
 *
 * <p>Vosk's word times count every sample fed since the recogniser was made, across segments, so they
 * are already absolute audio times.
 */
final class VoskStream implements EngineStream {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Decode lane only. */
    private Recognizer recognizer;
    private final Runnable onClose;

    private VoskStream(Recognizer recognizer, Runnable onClose) {
        this.recognizer = recognizer;
        this.onClose = onClose;
    }

    static VoskStream open(Model model, int sampleRateHz, Runnable onClose) throws EngineException {
        try {
            Recognizer recognizer = new Recognizer(model, sampleRateHz);
            recognizer.setWords(true);
            recognizer.setPartialWords(true);
            return new VoskStream(recognizer, onClose);
        } catch (IOException | RuntimeException e) {
            throw new EngineException("Vosk could not create a recognizer: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean accept(short[] samples, int count) throws EngineException {
        try {
            return open().acceptWaveForm(samples, count);
        } catch (RuntimeException e) {
            throw new EngineException("Vosk failed to accept audio: " + e.getMessage(), e);
        }
    }

    @Override
    public List<RecognizedWord> partial() throws EngineException {
        return words(open().getPartialResult(), "partial_result");
    }

    @Override
    public List<RecognizedWord> endSegment() throws EngineException {
        // FinalResult(), not Result(): it decodes the buffered input first, and the next segment gets a fresh
        // feature pipeline. Result() leaves the last word's tail undecoded and keeps the pipeline, whose
        // memory Vosk only drops every 10 minutes.
        return words(open().getFinalResult(), "result");
    }

    private Recognizer open() throws EngineException {
        if (recognizer == null) {
            throw new EngineException("recognizer used after close");
        }
        return recognizer;
    }

    private static List<RecognizedWord> words(String json, String field) throws EngineException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new EngineException("Vosk returned unreadable JSON: " + e.getMessage(), e);
        }
        List<RecognizedWord> words = new ArrayList<>();
        for (JsonNode word : root.path(field)) {
            String text = word.path("word").asText("");
            if (text.isEmpty()) {
                continue;
            }
            double start = word.path("start").asDouble();
            double end = Math.max(start, word.path("end").asDouble());
            words.add(new RecognizedWord(text, start, end, word.path("conf").asDouble(1.0)));
        }
        return words;
    }

    @Override
    public void close() {
        if (recognizer != null) {
            recognizer.close();
            recognizer = null;
            onClose.run();
        }
    }
}
