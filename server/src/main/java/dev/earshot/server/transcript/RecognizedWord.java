package dev.earshot.server.transcript;

import java.util.List;
import java.util.Objects;

/**
 * One word as the engine recognised it: lower-case text, absolute audio times in seconds from the
 * start of the channel's stream, and the engine's confidence in [0, 1].
 */
public record RecognizedWord(String text, double startSec, double endSec, double confidence) {
    public RecognizedWord {
        Objects.requireNonNull(text, "text");
        if (endSec < startSec) {
            throw new IllegalArgumentException("word ends before it starts: " + text + " " + startSec + ">" + endSec);
        }
    }

    /** This word written as {@code other} (a filler's spelling, a mask, a digit): same times, same confidence. */
    RecognizedWord withText(String other) {
        return new RecognizedWord(other, startSec, endSec, confidence);
    }

    /**
     * One word {@code text} standing for {@code words} (at least one, in order): it spans them and takes the
     * lowest of their confidences, as a number, a replaced phrase or a redacted run does.
     */
    static RecognizedWord spanning(String text, List<RecognizedWord> words) {
        double confidence = 1;
        for (RecognizedWord word : words) {
            confidence = Math.min(confidence, word.confidence());
        }
        return new RecognizedWord(text, words.get(0).startSec(), words.get(words.size() - 1).endSec(), confidence);
    }
}
