package dev.earshot.server.engine;

import dev.earshot.server.engine.RecognizerPool.PooledRecognizer;
import dev.earshot.server.transcript.RecognizedWord;
import java.util.List;

/**
 * One stream channel's view of the engine: it borrows a Vosk recogniser from the {@link RecognizerPool}
 * when a segment starts and keeps it across the segment's utterances, as vosk-server keeps one per
 * connection, until the segment ends. Vosk answers in JSON, which {@link VoskAnswers} reads.
 *
 * <p>Vosk's word times count every sample its recogniser has taken since it was made, across segments and
 * across the streams it served; this stream's times count every sample of this stream, decoded or skipped.
 * The difference between the two clocks, fixed when an utterance starts (audio skipped between utterances,
 * or a pause decoded twice, moves it), turns one into the other.
 */
final class VoskStream implements EngineStream {
    /**
     * A segment that has decoded this much audio ends at its next utterance end, and its adaptation starts
     * afresh: Vosk's feature pipeline grows while it lives (+175 MB over 10 minutes), and a change of voice
     * too slight to be heard as one ({@link #renewAdaptation}) is caught up with at most this late (human
     * speech stayed within its noise from 20 s to 60 s, docs/performance.md §4d).
     */
    static final double SEGMENT_RENEW_SEC = 30.0;

    private final RecognizerPool pool;
    private final RenewalBudget renewals;
    private final double sampleRateHz;
    private final Runnable onClose;
    /** Decode lane only. Null between segments. */
    private PooledRecognizer current;
    /** Whether audio was accepted since the last utterance ended. */
    private boolean inUtterance;
    /** Samples of this stream so far, decoded or skipped. */
    private long samples;
    /** This stream's time minus the recogniser's, in seconds, for the current utterance. */
    private double offsetSec;
    /** The recogniser's samples when the current segment started. */
    private long segmentStartTaken;
    /** Where the current utterance started, in this stream's samples. */
    private long utteranceStart;
    /** What the open utterance's recogniser was given, for a fresh one to decode again. */
    private final UtteranceAudio utteranceAudio;
    /** The voice changed but the utterance is not decoded again (too long, or no budget): the segment ends with it. */
    private boolean renewAtUtteranceEnd;
    /** A Vosk call on {@code current} threw: its state is unknown, so it is freed at close, never lent. */
    private boolean failed;
    private boolean closed;

    VoskStream(RecognizerPool pool, RenewalBudget renewals, int sampleRateHz, Runnable onClose) {
        this.pool = pool;
        this.renewals = renewals;
        this.sampleRateHz = sampleRateHz;
        this.onClose = onClose;
        this.utteranceAudio = new UtteranceAudio(sampleRateHz);
    }

    @Override
    public boolean accept(short[] samples, int count) throws EngineException {
        PooledRecognizer recognizer = segment();
        if (!inUtterance) {
            inUtterance = true;
            offsetSec = (this.samples - recognizer.samplesTaken()) / sampleRateHz;
            utteranceStart = this.samples;
            utteranceAudio.clear();
        }
        this.samples += count;
        utteranceAudio.append(samples, count);
        return decode(recognizer, samples, count);
    }

    private boolean decode(PooledRecognizer recognizer, short[] samples, int count) throws EngineException {
        try {
            return recognizer.accept(samples, count);
        } catch (RuntimeException e) {
            failed = true;
            throw new EngineException("Vosk failed to accept audio: " + e.getMessage(), e);
        }
    }

    /**
     * The open utterance is decoded again from its start on a fresh feature pipeline, whose adaptation then
     * follows the new voice; the old recogniser's words for it are dropped. Between utterances the segment
     * just ends. An utterance longer than what {@link UtteranceAudio} keeps, or one the engine's
     * {@link RenewalBudget} cannot decode again now, ends the segment when it ends.
     */
    @Override
    public void renewAdaptation() throws EngineException {
        if (current == null) {
            return;
        }
        if (!inUtterance) {
            endSegment();
        } else if (!utteranceAudio.whole() || !renewals.take(utteranceAudio.length() / sampleRateHz)) {
            renewAtUtteranceEnd = true;
        } else {
            endSegment();
            PooledRecognizer fresh = segment();
            inUtterance = true;
            offsetSec = (utteranceStart - fresh.samplesTaken()) / sampleRateHz;
            // In engine-sized blocks, as the audio first came (Vosk weighs silence for its adaptation after each
            // block); a pause it finds in them it finds again with the next block.
            int block = (int) sampleRateHz / 10;
            for (int offset = 0; offset < utteranceAudio.length(); offset += block) {
                short[] piece = utteranceAudio.range(offset, Math.min(offset + block, utteranceAudio.length()));
                decode(fresh, piece, piece.length);
            }
        }
    }

    @Override
    public void skip(int count) {
        if (inUtterance) {
            throw new IllegalStateException("audio may only be skipped between utterances");
        }
        samples += count;
    }

    @Override
    public boolean inUtterance() {
        return inUtterance;
    }

    private PooledRecognizer segment() throws EngineException {
        if (closed) {
            throw new EngineException("recognizer used after close");
        }
        if (current == null) {
            current = pool.acquire();
            failed = false;
            segmentStartTaken = current.samplesTaken();
        }
        return current;
    }
    /**
     * The decoder's current best path, as text: Vosk gives it about half a second sooner than words with
     * times, which it must first align in a determinized lattice. The times of these words are estimates:
     * the utterance's audio shared evenly among them. Finals carry the aligned times.
     */
    @Override
    public List<RecognizedWord> partial() throws EngineException {
        if (!inUtterance) {
            return List.of();
        }
        String json;
        try {
            json = current.recognizer().getPartialResult();
        } catch (RuntimeException e) {
            failed = true;
            throw new EngineException("Vosk failed to give a partial result: " + e.getMessage(), e);
        }
        return VoskAnswers.estimated(VoskAnswers.partialText(json), utteranceStart / sampleRateHz,
                samples / sampleRateHz);
    }

    /**
     * Vosk's {@code Result()}, as Vosk's own users call it when {@code AcceptWaveform} reports a pause: the
     * words, decoded on the lattice as a final is, while the recogniser keeps its feature pipeline, and with
     * it the speaker adaptation, for the next utterance ({@code FinalResult()} would start both afresh).
     */
    @Override
    public List<RecognizedWord> endUtterance() throws EngineException {
        if (!inUtterance) {
            return List.of();
        }
        if (renewAtUtteranceEnd || current.samplesTaken() - segmentStartTaken >= SEGMENT_RENEW_SEC * sampleRateHz) {
            return endSegment();
        }
        String json;
        try {
            json = current.recognizer().getResult();
        } catch (RuntimeException e) {
            failed = true;
            throw new EngineException("Vosk failed to end an utterance: " + e.getMessage(), e);
        }
        inUtterance = false;
        return words(json);
    }

    @Override
    public List<RecognizedWord> endUtteranceInQuiet(short[] pause) throws EngineException {
        if (!inUtterance) {
            return List.of();
        }
        try {
            current.accept(pause, pause.length); // not this stream's audio: its clock stays
        } catch (RuntimeException e) {
            failed = true;
            throw new EngineException("Vosk failed to accept audio: " + e.getMessage(), e);
        }
        return endUtterance();
    }

    @Override
    public List<RecognizedWord> endSegment() throws EngineException {
        if (current == null) {
            return List.of();
        }
        try {
            return words(finishSegment());
        } catch (RuntimeException e) {
            throw new EngineException("Vosk failed to finish a segment: " + e.getMessage(), e);
        }
    }

    /**
     * Ends the current segment with {@code FinalResult()}: it decodes the buffered input first, and the
     * recogniser's next segment gets a fresh feature pipeline, which makes it safe to lend to another stream,
     * so it goes back to the pool. Vosk ignores {@code FinalResult()} after {@code Result()} until it is
     * given audio again, so an empty accept comes first when no utterance is open. A recogniser that threw,
     * now or earlier in the segment, is in an unknown state: it is freed, never lent.
     */
    private String finishSegment() {
        PooledRecognizer recognizer = current;
        current = null;
        boolean utteranceOpen = inUtterance;
        inUtterance = false;
        renewAtUtteranceEnd = false;
        if (failed) {
            pool.discard(recognizer);
            throw new IllegalStateException("an earlier call failed");
        }
        String json;
        try {
            if (!utteranceOpen) {
                recognizer.accept(new short[0], 0);
            }
            json = recognizer.recognizer().getFinalResult();
        } catch (RuntimeException e) {
            pool.discard(recognizer);
            throw e;
        }
        pool.release(recognizer);
        return json;
    }

    private List<RecognizedWord> words(String json) throws EngineException {
        return VoskAnswers.aligned(json, offsetSec, samples / sampleRateHz);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (current != null) {
                // Closed mid-segment, as when a caller hangs up while speaking: finishing the segment costs a
                // few milliseconds and keeps the recogniser warm for the next stream, which a new one would
                // cost about 3.6 CPU-seconds to become (RecognizerPool). Its words go nowhere.
                try {
                    finishSegment();
                } catch (RuntimeException e) {
                    // freed by finishSegment; the stream is closing, so there is no one to tell
                }
            }
            onClose.run();
        }
    }
}
