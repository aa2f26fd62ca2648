package dev.earshot.server.engine;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.server.engine.RecognizerPool.PooledRecognizer;
import dev.earshot.server.transcript.RecognizedWord;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream channel's view of the engine: it borrows a Vosk recogniser from the {@link RecognizerPool}
 * when a segment starts and gives it back when the segment ends (vosk-server instead holds one recogniser
 * per connection from its constructor to its destructor). Vosk answers in JSON; this turns it into
 * {@link RecognizedWord}s.
 *
 * <p>Vosk's word times count every sample its recogniser has taken since it was made, across segments and
 * across the streams it served; this stream's times count every sample of this stream, decoded or skipped.
 * The difference between the two clocks, fixed when the recogniser is borrowed, turns one into the other.
 */
final class VoskStream implements EngineStream {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Vosk scores no word of a partial; interim words say they are a guess. */
    private static final double ESTIMATED_CONFIDENCE = 0.5;
    /**
     * A segment that has taken this much audio ends for good at its next utterance end instead of going on:
     * Vosk's feature pipeline grows while it lives (measured: +175 MB over 10 minutes of speech in one
     * pipeline, against +70 MB renewing it), and Vosk itself renews it only every 10 minutes.
     */
    static final double SEGMENT_RENEW_SEC = 60.0;

    private final RecognizerPool pool;
    private final double sampleRateHz;
    private final Runnable onClose;
    /** Decode lane only. Null between segments. */
    private PooledRecognizer current;
    /** Samples of this stream so far, decoded or skipped. */
    private long samples;
    /** This stream's time minus the recogniser's, in seconds, for the current segment. */
    private double offsetSec;
    /** Where the current segment started, in this stream's samples. */
    private long segmentStart;
    /** Where the current utterance started, in this stream's samples: a segment holds one or more. */
    private long utteranceStart;
    /** A Vosk call on {@code current} threw: its state is unknown, so it is freed at close, never lent. */
    private boolean failed;
    private boolean closed;

    VoskStream(RecognizerPool pool, int sampleRateHz, Runnable onClose) {
        this.pool = pool;
        this.sampleRateHz = sampleRateHz;
        this.onClose = onClose;
    }

    @Override
    public boolean accept(short[] samples, int count) throws EngineException {
        PooledRecognizer recognizer = segment();
        this.samples += count;
        try {
            return recognizer.accept(samples, count);
        } catch (RuntimeException e) {
            failed = true;
            throw new EngineException("Vosk failed to accept audio: " + e.getMessage(), e);
        }
    }

    @Override
    public void skip(int count) {
        if (current != null) {
            throw new IllegalStateException("audio may only be skipped between segments");
        }
        samples += count;
    }

    @Override
    public boolean inSegment() {
        return current != null;
    }

    private PooledRecognizer segment() throws EngineException {
        if (closed) {
            throw new EngineException("recognizer used after close");
        }
        if (current == null) {
            current = pool.acquire();
            failed = false;
            offsetSec = (samples - current.samplesTaken()) / sampleRateHz;
            segmentStart = samples;
            utteranceStart = samples;
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
        if (current == null) {
            return List.of();
        }
        String text;
        try {
            text = JSON.readTree(current.recognizer().getPartialResult()).path("partial").asText("").trim();
        } catch (RuntimeException e) {
            failed = true;
            throw new EngineException("Vosk failed to give a partial result: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new EngineException("Vosk returned unreadable JSON: " + e.getMessage(), e);
        }
        if (text.isEmpty()) {
            return List.of();
        }
        String[] tokens = text.split("\\s+");
        double start = utteranceStart / sampleRateHz;
        double share = (samples - utteranceStart) / sampleRateHz / tokens.length;
        List<RecognizedWord> words = new ArrayList<>(tokens.length);
        for (int i = 0; i < tokens.length; i++) {
            words.add(new RecognizedWord(tokens[i], start + i * share, start + (i + 1) * share, ESTIMATED_CONFIDENCE));
        }
        return words;
    }

    /**
     * Vosk's {@code Result()}, as Vosk's own users call it when {@code AcceptWaveform} reports a pause: the
     * words, decoded on the lattice as a final is, while the recogniser keeps its feature pipeline for the
     * next utterance. Ending every such utterance with {@code FinalResult()} instead restarted the speaker
     * adaptation at each pause: with endpointing=false, 16.8% WER on the accuracy set against 16.3% with
     * {@code Result()} (5,716 words; the engine alone: 15.6%; docs/performance.md).
     */
    @Override
    public List<RecognizedWord> endUtterance() throws EngineException {
        if (current == null) {
            return List.of();
        }
        if (samples - segmentStart >= SEGMENT_RENEW_SEC * sampleRateHz) {
            return endSegment();
        }
        String json;
        try {
            json = current.recognizer().getResult();
        } catch (RuntimeException e) {
            failed = true;
            throw new EngineException("Vosk failed to end an utterance: " + e.getMessage(), e);
        }
        utteranceStart = samples;
        return words(json, "result");
    }

    @Override
    public List<RecognizedWord> endSegment() throws EngineException {
        if (current == null) {
            return List.of();
        }
        try {
            return words(finishSegment(), "result");
        } catch (RuntimeException e) {
            throw new EngineException("Vosk failed to finish a segment: " + e.getMessage(), e);
        }
    }

    /**
     * Ends the current segment with {@code FinalResult()}, not {@code Result()}: it decodes the buffered input
     * first, and the next segment gets a fresh feature pipeline. Result() leaves the last word's tail
     * undecoded and keeps the pipeline, whose memory Vosk only drops every 10 minutes. It also makes the
     * recogniser safe to lend to another stream, so it goes back to the pool. A recogniser that threw, now
     * or earlier in the segment, is in an unknown state: it is freed, never lent.
     */
    private String finishSegment() {
        PooledRecognizer recognizer = current;
        current = null;
        if (failed) {
            pool.discard(recognizer);
            throw new IllegalStateException("an earlier call failed");
        }
        String json;
        try {
            json = recognizer.recognizer().getFinalResult();
        } catch (RuntimeException e) {
            pool.discard(recognizer);
            throw e;
        }
        pool.release(recognizer);
        return json;
    }

    private List<RecognizedWord> words(String json, String field) throws EngineException {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new EngineException("Vosk returned unreadable JSON: " + e.getMessage(), e);
        }
        List<RecognizedWord> words = new ArrayList<>();
        for (JsonNode word : root.path(field)) {
            String text = word.path("word").asText("");
            if (text.isEmpty()) {
                continue;
            }
            double start = Math.max(0, word.path("start").asDouble() + offsetSec);
            double end = Math.max(start, word.path("end").asDouble() + offsetSec);
            words.add(new RecognizedWord(text, start, end, word.path("conf").asDouble(1.0)));
        }
        return words;
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
