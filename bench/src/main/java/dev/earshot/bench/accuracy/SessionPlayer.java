package dev.earshot.bench.accuracy;

import dev.earshot.bench.measure.WordErrors;

/**
 * Plays one fixture as one session (a recogniser of the engine alone, or a live stream to the server) and
 * scores its transcript. Called by many stream threads at once, one session per thread at a time.
 */
public interface SessionPlayer {
    /** Returns once the session has ended, however: failures are results, not exceptions. */
    Heard play(AccuracyClip clip) throws InterruptedException;

    /**
     * How one session went.
     *
     * @param words   word errors against the fixture's reference; {@link WordErrors#NONE} when it failed
     * @param failure what went wrong, in words; null when the session ended as it should
     */
    record Heard(WordErrors words, String failure) {
        public static Heard transcript(String reference, String transcript) {
            return new Heard(WordErrors.between(reference, transcript), null);
        }

        public static Heard failed(String failure) {
            return new Heard(WordErrors.NONE, failure);
        }

        public boolean ok() {
            return failure == null;
        }
    }
}
