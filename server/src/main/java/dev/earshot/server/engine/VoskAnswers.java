package dev.earshot.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.transcript.RecognizedWord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Vosk's JSON answers read as {@link RecognizedWord}s on a stream's own clock. */
final class VoskAnswers {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Vosk scores no word of a partial; interim words say they are a guess. */
    private static final double ESTIMATED_CONFIDENCE = 0.5;

    private VoskAnswers() {
    }

    /** The text of a {@code PartialResult()}: the decoder's best path so far. */
    static String partialText(String json) throws EngineException {
        return read(json).path("partial").asText("").trim();
    }

    /** A partial's words, with the utterance's audio ({@code startSec} to {@code endSec}) shared evenly among them. */
    static List<RecognizedWord> estimated(String text, double startSec, double endSec) {
        if (text.isEmpty()) {
            return List.of();
        }
        String[] tokens = text.split("\\s+");
        double share = (endSec - startSec) / tokens.length;
        List<RecognizedWord> words = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            words.add(new RecognizedWord(tokens[i], startSec + i * share, startSec + (i + 1) * share,
                    ESTIMATED_CONFIDENCE));
        }
        return words;
    }

    /**
     * The aligned words of a {@code Result()} or {@code FinalResult()}, moved by {@code offsetSec} from the
     * recogniser's clock to the stream's, and ending by the stream's {@code nowSec} (a word in a pause decoded
     * twice would end after it).
     */
    static List<RecognizedWord> aligned(String json, double offsetSec, double nowSec) throws EngineException {
        List<RecognizedWord> words = new ArrayList<>();
        for (JsonNode word : read(json).path("result")) {
            String text = word.path("word").asText("");
            if (text.isEmpty()) {
                continue;
            }
            double start = Math.min(nowSec, Math.max(0, word.path("start").asDouble() + offsetSec));
            double end = Math.min(nowSec, Math.max(start, word.path("end").asDouble() + offsetSec));
            words.add(new RecognizedWord(text, start, end, word.path("conf").asDouble(1.0)));
        }
        return words;
    }

    private static JsonNode read(String json) throws EngineException {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new EngineException("Vosk returned unreadable JSON: " + e.getMessage(), e);
        }
    }
}
