package dev.earshot.server.engine;

import dev.earshot.server.transcript.RecognizedWord;
import java.util.List;

/**
 * One channel's recogniser. The engine splits the audio into segments; a segment's words are final once
 * the segment ends: the engine may report a pause ({@link #accept} returns true), and the caller ends the
 * segment with {@link #endSegment}.
 *
 * <p>Not thread-safe: one decode lane feeds it, in order, and closes it. Word times are absolute seconds
 * of audio since the stream opened, skipped audio included.
 */
public interface EngineStream extends AutoCloseable {
    /**
     * Feeds 16-bit PCM at the engine's sample rate.
     *
     * @return true when the engine itself ended a segment; collect its words with {@link #endSegment}
     */
    boolean accept(short[] samples, int count) throws EngineException;

    /**
     * Lets samples pass without decoding them (silence between segments, judged by the caller): the
     * stream's clock moves on, so later word times still count every sample. Only between segments.
     */
    void skip(int count);

    /** Whether a segment is open: audio was accepted since the last {@link #endSegment}. */
    boolean inSegment();

    /** The current segment's best guess so far; words may still change. Empty between segments. */
    List<RecognizedWord> partial() throws EngineException;

    /**
     * Ends the current utterance where the engine itself found a pause ({@link #accept} returned true) and
     * returns its words, but keeps the segment open: the next utterance is decoded by the same recogniser,
     * with the speaker adaptation and normalisation it has built up, as the engine does on its own. The
     * caller ends the segment with {@link #endSegment} once the quiet lasts. Empty between segments.
     */
    default List<RecognizedWord> endUtterance() throws EngineException {
        return endSegment();
    }

    /**
     * Decodes every sample fed so far, ends the current segment and returns its final words. The next
     * segment starts afresh, so memory does not carry over from one segment to the next. Empty between
     * segments.
     */
    List<RecognizedWord> endSegment() throws EngineException;

    /** Frees the native recogniser. Idempotent. */
    @Override
    void close();
}
