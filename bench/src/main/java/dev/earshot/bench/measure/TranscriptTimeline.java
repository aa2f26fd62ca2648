package dev.earshot.bench.measure;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalLong;

/**
 * One stream's transcripts as they arrived, turned into the bench's timings (docs/performance.md):
 * <ul>
 *   <li>lag: each Results covers audio up to {@code t = start + duration}; it arrived at wall time W, and
 *       the audio up to t was handed over at S(t): lag = W - S(t). Interim and final Results alike;</li>
 *   <li>first-partial latency: for each speech onset o (from the fixture's energy), the first Results
 *       holding a word of that utterance, at W: W - S(o);</li>
 *   <li>final latency: the end of speech e is the end of the last word of a final; the first
 *       {@code speech_final} Results reaching e arrives at W: W - S(e). It includes the endpointing
 *       silence the server must hear before it may say speech ended;</li>
 *   <li>the transcript: the final Results' text, for the word error rate.</li>
 * </ul>
 * Fed by one thread at a time (the client's listener, or the engine stream's own thread); synchronized
 * because the stream's runner takes the snapshot from another.
 */
public final class TranscriptTimeline {
    /** Word times and energy onsets can disagree by a window or two; a word ending this close counts. */
    static final double ONSET_TOLERANCE_SEC = 0.1;

    private final SendClock clock;
    private final List<Double> onsets;
    private final List<Double> lagMs = new ArrayList<>();
    private final List<Double> firstPartialMs = new ArrayList<>();
    private final List<Double> finalMs = new ArrayList<>();
    private final StringBuilder transcript = new StringBuilder();
    /** The latest Results, to tell what the transcript held when an onset's frame was sent. */
    private final ArrayDeque<Seen> recent = new ArrayDeque<>();
    private int nextOnset;
    private int missedOnsets;
    private int results;
    /** The end of the last word of any final, and the end of speech already timed. */
    private double lastFinalWordEnd = -1;
    private double timedSpeechEnd = -1;

    /** A Results as far as first-partial attribution needs it. */
    private record Seen(long arrivalNanos, double startSec, int words, boolean isFinal) {
    }

    /** Results remembered for attribution: far more than arrive between an onset's frame and its first word. */
    private static final int RECENT_RESULTS = 256;

    public TranscriptTimeline(SendClock clock, List<Double> onsetsSec) {
        this.clock = clock;
        this.onsets = List.copyOf(onsetsSec);
    }

    /** What the timings were once the stream ended. */
    public record Snapshot(List<Double> lagMs, List<Double> firstPartialMs, List<Double> finalMs, String transcript,
                           int results, int missedOnsets) {
    }

    /**
     * A Results message (or, engine only, a block's outcome) that arrived at {@code arrivalNanos}.
     *
     * @param transcript its text; only finals make up the stream's transcript
     */
    public synchronized void onResults(long arrivalNanos, double startSec, double durationSec, List<TimedWord> words,
                                       boolean isFinal, boolean speechFinal, String transcript) {
        results++;
        double end = startSec + durationSec;
        if (end > 0) {
            sample(lagMs, arrivalNanos, clock.upTo(end));
        }
        if (!words.isEmpty()) {
            firstPartials(arrivalNanos, startSec, words);
        }
        recent.addLast(new Seen(arrivalNanos, startSec, words.size(), isFinal));
        if (recent.size() > RECENT_RESULTS) {
            recent.removeFirst();
        }
        if (isFinal) {
            if (!transcript.isBlank()) {
                this.transcript.append(this.transcript.length() == 0 ? "" : " ").append(transcript.trim());
            }
            for (TimedWord word : words) {
                lastFinalWordEnd = Math.max(lastFinalWordEnd, word.endSec());
            }
        }
        if (speechFinal && lastFinalWordEnd > timedSpeechEnd && end >= lastFinalWordEnd - 0.001) {
            sample(finalMs, arrivalNanos, clock.upTo(lastFinalWordEnd));
            timedSpeechEnd = lastFinalWordEnd;
        }
    }

    /**
     * Times every onset this message shows the recogniser has heard: a word ending after the onset and
     * starting before the next one, in a message that holds more than the transcript did when the onset's
     * frame was sent. That second condition matters for interim Results, whose word times are estimates
     * spread up to the present: an interim re-sent with only the earlier sentence's words would otherwise
     * count for an onset inside the same segment. A word beyond the next onset means the utterance got no
     * word of its own (missed, not timed).
     */
    private void firstPartials(long arrivalNanos, double startSec, List<TimedWord> words) {
        while (nextOnset < onsets.size()) {
            OptionalLong sent = clock.handedOver(onsets.get(nextOnset));
            if (sent.isEmpty() || arrivalNanos - sent.getAsLong() < 0) {
                return; // the onset has not reached the recogniser yet
            }
            double onset = onsets.get(nextOnset) - ONSET_TOLERANCE_SEC;
            double next = nextOnset + 1 < onsets.size() ? onsets.get(nextOnset + 1) - ONSET_TOLERANCE_SEC
                    : Double.POSITIVE_INFINITY;
            if (words.stream().anyMatch(word -> word.endSec() > onset && word.startSec() < next)
                    && newSince(sent.getAsLong(), startSec, words.size())) {
                sample(firstPartialMs, arrivalNanos, sent);
            } else if (words.stream().anyMatch(word -> word.startSec() >= next)) {
                missedOnsets++;
            } else {
                return;
            }
            nextOnset++;
        }
    }

    /**
     * Whether a message with {@code count} words in the span starting at {@code startSec} holds more than the
     * last Results that arrived before {@code sentNanos}: a new span, anything after a final, or more words.
     */
    private boolean newSince(long sentNanos, double startSec, int count) {
        Iterator<Seen> latestFirst = recent.descendingIterator();
        while (latestFirst.hasNext()) {
            Seen seen = latestFirst.next();
            if (seen.arrivalNanos() - sentNanos < 0) {
                return seen.isFinal() || Math.abs(seen.startSec() - startSec) > 1e-6 || count > seen.words();
            }
        }
        return true;
    }

    private static void sample(List<Double> into, long arrivalNanos, OptionalLong handedOver) {
        if (handedOver.isPresent()) {
            into.add((arrivalNanos - handedOver.getAsLong()) / 1e6);
        }
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(List.copyOf(lagMs), List.copyOf(firstPartialMs), List.copyOf(finalMs),
                transcript.toString(), results, missedOnsets);
    }
}
