package dev.earshot.bench.audio;

/** A stretch of speech in a recording, in seconds from its start: first and last loud window. */
public record Utterance(double startSec, double endSec) {
    public Utterance {
        if (endSec < startSec) {
            throw new IllegalArgumentException("utterance ends before it starts: " + startSec + " > " + endSec);
        }
    }
}
