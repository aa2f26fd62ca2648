package dev.earshot.server.engine;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * Vosk recognisers kept warm between segments and streams. A recogniser is slow while it is new: the first
 * seconds of speech cost it about three times what they cost a recogniser that has decoded before (measured
 * on speech-a: 2.4 CPU-s for 14 s of audio new, 0.7 CPU-s reused), because it fills its own cache of the
 * decoding graph as it goes. That cache is also its memory, kept while pooled: about 47 MB after 4 s of
 * speech, 77 MB after the 32 s recording of the start-up warm-up, about 96 MB once it has also decoded the
 * recording's narrowband copy (EngineWarmUp).
 *
 * <p>A stream takes a recogniser when a segment starts and keeps it across the segment's utterances; it gives
 * it back when the segment ends (a long quiet, a long-speech cut, the end of the stream), so a stream that
 * has long been quiet holds none, and a recogniser serves whichever stream speaks next. A recogniser is only given
 * back after {@code FinalResult}, which makes Vosk start its next segment on a new feature pipeline and
 * decoder: nothing of one stream's audio reaches another's transcript. At most {@code maxIdle} wait here
 * (the most recently used first: their caches are the warmest); the rest are freed.
 *
 * <p>Thread-safe.
 */
final class RecognizerPool implements AutoCloseable {
    /**
     * Vosk computes word times in single-precision floats from the samples its recogniser has taken since it
     * was made; past 2^27 samples (2.3 hours at 16 kHz) they would be off by more than half a millisecond,
     * so a recogniser that has heard that much is freed rather than pooled.
     */
    static final long RETIRE_AFTER_SAMPLES = 1L << 27;

    private final Model model;
    private final float sampleRateHz;
    private final int maxIdle;
    /** Guarded by this. */
    private final Deque<PooledRecognizer> idle = new ArrayDeque<>();
    private boolean closed;

    RecognizerPool(Model model, int sampleRateHz, int maxIdle) {
        if (maxIdle < 0) {
            throw new IllegalArgumentException("maxIdle must not be negative: " + maxIdle);
        }
        this.model = model;
        this.sampleRateHz = sampleRateHz;
        this.maxIdle = maxIdle;
    }

    /** A recogniser ready for a new segment: a pooled one if any waits, else a new one. */
    PooledRecognizer acquire() throws EngineException {
        synchronized (this) {
            if (closed) {
                throw new EngineException("the engine is closed");
            }
            PooledRecognizer warm = idle.pollFirst();
            if (warm != null) {
                return warm;
            }
        }
        try {
            Recognizer recognizer = new Recognizer(model, sampleRateHz);
            recognizer.setWords(true);
            // Partials without word times come from the decoder's best path, not from the determinized
            // lattice: the first interim word of speech-a after 0.7 s of audio instead of 1.2 s.
            recognizer.setPartialWords(false);
            return new PooledRecognizer(recognizer);
        } catch (IOException | RuntimeException e) {
            throw new EngineException("Vosk could not create a recognizer: " + e.getMessage(), e);
        }
    }

    /** Takes back a recogniser whose segment ended with {@code FinalResult}. */
    void release(PooledRecognizer recognizer) {
        if (recognizer.samplesTaken() < RETIRE_AFTER_SAMPLES) {
            // An empty accept makes Vosk drop the finished segment's decoder and features now, not when the
            // next stream starts: a pooled recogniser then holds its graph cache and little else.
            try {
                recognizer.recognizer().acceptWaveForm(new short[0], 0);
            } catch (RuntimeException | Error e) {
                recognizer.recognizer().close(); // in an unknown state: not for anyone else, but still freed
                throw e;
            }
            synchronized (this) {
                if (!closed && idle.size() < maxIdle) {
                    idle.addFirst(recognizer);
                    return;
                }
            }
        }
        recognizer.recognizer().close();
    }

    /** Frees a recogniser in an unknown state (its segment never ended): it may not serve anyone else. */
    void discard(PooledRecognizer recognizer) {
        recognizer.recognizer().close();
    }

    /** Recognisers waiting in the pool. */
    synchronized int idle() {
        return idle.size();
    }

    /** Frees every pooled recogniser; later releases free theirs. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            idle.forEach(pooled -> pooled.recognizer().close());
            idle.clear();
        }
    }

    /** A recogniser and how many samples it has taken in its life: Vosk's clock for its word times. */
    static final class PooledRecognizer {
        private final Recognizer recognizer;
        private long samplesTaken;

        private PooledRecognizer(Recognizer recognizer) {
            this.recognizer = recognizer;
        }

        Recognizer recognizer() {
            return recognizer;
        }

        boolean accept(short[] samples, int count) {
            samplesTaken += count;
            return recognizer.acceptWaveForm(samples, count);
        }

        long samplesTaken() {
            return samplesTaken;
        }
    }
}
