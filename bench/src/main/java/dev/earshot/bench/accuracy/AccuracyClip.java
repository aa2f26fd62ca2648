package dev.earshot.bench.accuracy;

import dev.earshot.bench.audio.Programme;
import dev.earshot.bench.audio.WireClip;
import dev.earshot.bench.measure.WordErrors;

/**
 * One fixture as both sides of the comparison get it.
 *
 * @param fixture        its name
 * @param programme      the fixture whole with its silent tail, at 16 kHz: what the engine alone decodes, and
 *                       the reference text
 * @param wire           the same recording as the server's client sends it
 * @param narrowbandOriginal whether the wire carries the fixture's own 8 kHz recording (not a resampled copy)
 */
public record AccuracyClip(String fixture, Programme programme, WireClip wire, boolean narrowbandOriginal) {
    /** Words in the reference, as the WER counts them. */
    public int referenceWords() {
        return WordErrors.between(programme.reference(), "").referenceWords();
    }
}
