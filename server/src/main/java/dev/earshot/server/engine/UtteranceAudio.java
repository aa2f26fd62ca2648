package dev.earshot.server.engine;

import java.util.Arrays;

/**
 * The audio of the open utterance as the engine was given it, its first seconds at most: what a fresh
 * recogniser decodes again when the voice changes mid-utterance ({@link EngineStream#renewAdaptation}).
 * Allocated on first use, so an idle stream holds none.
 */
final class UtteranceAudio {
    /** Voice changes are heard within the first 2 s of an utterance or so; this leaves room for a lead-in. */
    static final double KEPT_SEC = 6.0;

    private final int capacity;
    private short[] samples;
    private int length;
    private boolean whole = true;

    UtteranceAudio(int sampleRateHz) {
        this.capacity = (int) (KEPT_SEC * sampleRateHz);
    }

    /** A new utterance starts. */
    void clear() {
        length = 0;
        whole = true;
    }

    void append(short[] pcm, int count) {
        if (!whole || length + count > capacity) {
            whole = false;
            return;
        }
        if (samples == null) {
            samples = new short[capacity];
        }
        System.arraycopy(pcm, 0, samples, length, count);
        length += count;
    }

    /** Whether everything since the utterance started is kept. */
    boolean whole() {
        return whole;
    }

    /** How many samples are kept. */
    int length() {
        return length;
    }

    /** The kept samples from {@code from} to {@code to}, within {@link #length()}. */
    short[] range(int from, int to) {
        return Arrays.copyOfRange(samples, from, to);
    }
}
