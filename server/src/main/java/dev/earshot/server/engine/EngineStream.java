package dev.earshot.server.engine;

import dev.earshot.server.transcript.RecognizedWord;
import java.util.List;

/**
 * One channel's recogniser. The audio is decoded in utterances, and a run of utterances on one recogniser
 * is a segment: ending an utterance gives its words and keeps the recogniser, with the speaker adaptation and
 * normalisation it has built up, for the next one, as the engine's own users decode; ending the segment also
 * gives the recogniser back, and the next utterance starts afresh.
 *
 * <p>Not thread-safe: one decode lane feeds it, in order, and closes it. Word times are absolute seconds
 * of audio since the stream opened, skipped audio included.
 */
public interface EngineStream extends AutoCloseable {
    /**
     * Feeds 16-bit PCM at the engine's sample rate, opening an utterance if none is open.
     *
     * @return true when the engine itself found a pause: end the utterance with {@link #endUtterance()}
     */
    boolean accept(short[] samples, int count) throws EngineException;

    /**
     * Lets samples pass without decoding them (silence between utterances, judged by the caller): the
     * stream's clock moves on, so later word times still count every sample. Only between utterances.
     */
    void skip(int count);

    /** Whether an utterance is open: audio was accepted since the last utterance or segment ended. */
    boolean inUtterance();

    /** The current utterance's best guess so far; words may still change. Empty between utterances. */
    List<RecognizedWord> partial() throws EngineException;

    /**
     * Ends the current utterance where the engine itself found a pause ({@link #accept} returned true) and
     * returns its words; the recogniser stays for the next utterance. Empty between utterances. An engine
     * that cannot keep a recogniser from one utterance to the next ends the segment.
     */
    default List<RecognizedWord> endUtterance() throws EngineException {
        return endSegment();
    }

    /**
     * Ends the current utterance at a pause the caller found, which the engine's decoder, a few hundred
     * milliseconds behind its input, has not reached: it first decodes {@code pause}, a copy of the quiet
     * audio that ended the utterance and not part of the stream, so that it reaches the last sample fed, as
     * it does on its own pauses. The recogniser stays for the next utterance. Empty between utterances. An
     * engine whose decoder keeps up with its input ends the utterance as at its own pauses.
     */
    default List<RecognizedWord> endUtteranceInQuiet(short[] pause) throws EngineException {
        return endUtterance();
    }

    /**
     * The voice changed ({@code audio/voice/VoiceChange}): what follows should not be decoded with the adaptation
     * built on the voice before. The open utterance is decoded again on a fresh recogniser state where the
     * engine can (its words so far may change), or the next utterance starts on one. An engine without
     * adaptation ignores it.
     */
    default void renewAdaptation() throws EngineException {
    }

    /**
     * Decodes every sample fed so far, ends the utterance and the segment and returns the final words. The
     * recogniser goes back, so memory does not carry over from one segment to the next. Empty between
     * segments.
     */
    List<RecognizedWord> endSegment() throws EngineException;

    /** Frees the native recogniser. Idempotent. */
    @Override
    void close();
}
