package dev.earshot.server.transcript;

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
}
