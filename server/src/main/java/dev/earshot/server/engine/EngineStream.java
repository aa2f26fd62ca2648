package dev.earshot.server.engine;

import dev.earshot.server.transcript.RecognizedWord;
import java.util.List;

/**
 * One channel's recogniser. The engine splits the audio into segments; a segment's words are final once
 * the segment ends, either because the engine saw a pause ({@link #accept} returned true) or because the
 * caller ended it ({@link #endSegment}).
 *
 * <p>Not thread-safe: one decode lane feeds it, in order, and closes it. Word times are absolute seconds
 * of audio since the stream opened.
 */
public interface EngineStream extends AutoCloseable {
    /**
     * Feeds 16-bit PCM at the engine's sample rate.
     *
     * @return true when the engine itself ended a segment; collect its words with {@link #endSegment}
     */
    boolean accept(short[] samples, int count) throws EngineException;

    /** The current segment's best guess so far; words may still change. */
    List<RecognizedWord> partial() throws EngineException;

    /**
     * Ends the current segment and returns its final words.
     *
     * @param flushInput true to decode every sample fed so far first (Finalize, end of stream); false to
     *                   keep the engine's look-ahead and its speaker adaptation for the next segment, which
     *                   suits a cut in a pause
     */
    List<RecognizedWord> endSegment(boolean flushInput) throws EngineException;

    /** Frees the native recogniser. Idempotent. */
    @Override
    void close();
}
