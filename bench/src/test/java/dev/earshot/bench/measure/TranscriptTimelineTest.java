package dev.earshot.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timings from Results, on a made-up clock: frame k (100 ms) was sent at second 10 + k / 10, in nanos. */
@Timeout(60)
class TranscriptTimelineTest {
    private static final long SECOND = 1_000_000_000L;

    private static SendClock clock(int frames) {
        SendClock clock = new SendClock(100, frames);
        for (int k = 0; k < frames; k++) {
            clock.record(k, 10 * SECOND + k * SECOND / 10);
        }
        return clock;
    }

    private static long at(double seconds) {
        return Math.round(seconds * SECOND);
    }

    @Test
    void lagIsArrivalMinusWhenTheSpansLastAudioWasSent() {
        TranscriptTimeline timeline = new TranscriptTimeline(clock(30), List.of());
        // Covers [0, 0.3): its last audio is frame 2, sent at 10.2 s.
        timeline.onResults(at(10.35), 0, 0.3, List.of(), false, false, "");
        // Covers [1.0, 2.05): frame 20 holds 2.0-2.1, sent at 12.0 s.
        timeline.onResults(at(12.5), 1.0, 1.05, List.of(), true, false, "");
        assertThat(timeline.snapshot().lagMs()).containsExactly(150.0, 500.0);
    }

    @Test
    void firstPartialIsTimedFromTheFrameHoldingEachOnsetToTheFirstWordOfItsUtterance() {
        TranscriptTimeline timeline = new TranscriptTimeline(clock(60), List.of(0.25, 3.0));
        timeline.onResults(at(11.0), 0, 0.9, List.of(), false, false, ""); // nothing heard yet
        timeline.onResults(at(12.3), 0, 2.1, List.of(new TimedWord("the", 0.18, 0.42)), false, false, "the");
        // The second utterance: a word of the first utterance does not count, one starting after 3.0 does.
        timeline.onResults(at(13.3), 0, 3.1, List.of(new TimedWord("the", 0.18, 0.42)), false, false, "the");
        timeline.onResults(at(13.9), 3.1, 0.5, List.of(new TimedWord("glue", 3.16, 3.43)), false, false, "glue");
        // onset 0.25 is in frame 2 (sent 10.2 s); onset 3.0 in frame 30 (sent 13.0 s)
        assertThat(timeline.snapshot().firstPartialMs()).containsExactly(2100.0, 900.0);
        assertThat(timeline.snapshot().missedOnsets()).isZero();
    }

    @Test
    void anInterimResentWithTheEarlierSentencesWordsDoesNotCountForAnOnsetInsideItsSegment() {
        TranscriptTimeline timeline = new TranscriptTimeline(clock(60), List.of(0.25, 3.0));
        timeline.onResults(at(12.3), 0, 2.1, List.of(new TimedWord("the", 0.18, 0.42)), false, false, "the");
        timeline.onResults(at(12.9), 0, 2.9, List.of(new TimedWord("the", 0.1, 1.5), new TimedWord("birch", 1.5, 2.9)),
                false, false, "the birch");
        // The same two words re-sent after the onset at 3.0 (frame 30, sent 13.0 s): estimated times now
        // reach the present, past the onset, but nothing was added since the onset's frame was sent.
        timeline.onResults(at(13.4), 0, 3.4, List.of(new TimedWord("the", 0.1, 1.7), new TimedWord("birch", 1.7, 3.4)),
                false, false, "the birch");
        // A third word, in the same span: the recogniser heard the new utterance.
        timeline.onResults(at(13.6), 0, 3.6, List.of(new TimedWord("the", 0.1, 1.2), new TimedWord("birch", 1.2, 2.4),
                new TimedWord("glue", 2.4, 3.6)), false, false, "the birch glue");
        assertThat(timeline.snapshot().firstPartialMs()).containsExactly(2100.0, 600.0);
    }

    @Test
    void anUtteranceWithoutAWordOfItsOwnIsMissedNotTimed() {
        TranscriptTimeline timeline = new TranscriptTimeline(clock(60), List.of(0.2, 3.0));
        timeline.onResults(at(14.0), 3.0, 1.0, List.of(new TimedWord("glue", 3.16, 3.43)), false, false, "glue");
        assertThat(timeline.snapshot().firstPartialMs()).containsExactly(1000.0);
        assertThat(timeline.snapshot().missedOnsets()).isEqualTo(1);
    }

    @Test
    void finalLatencyRunsFromTheLastWordsAudioToTheSpeechFinalCoveringIt() {
        TranscriptTimeline timeline = new TranscriptTimeline(clock(60), List.of());
        // A final without speech_final, then an empty speech_final once endpointing has heard the silence.
        timeline.onResults(at(13.0), 0, 2.8, List.of(new TimedWord("planks", 2.07, 2.76)), true, false, "planks");
        timeline.onResults(at(13.5), 2.8, 0.3, List.of(), true, true, "");
        // A speech_final with no new words is not timed again.
        timeline.onResults(at(14.5), 3.1, 1.0, List.of(), true, true, "");
        // end of speech 2.76 s: frame 27, sent at 12.7 s
        assertThat(timeline.snapshot().finalMs()).containsExactly(800.0);
        assertThat(timeline.snapshot().transcript()).isEqualTo("planks");
    }

    @Test
    void theTranscriptIsTheFinalsTextOnly() {
        TranscriptTimeline timeline = new TranscriptTimeline(clock(60), List.of());
        timeline.onResults(at(11), 0, 1, List.of(new TimedWord("the", 0.2, 0.4)), false, false, "the");
        timeline.onResults(at(12), 0, 2, List.of(new TimedWord("the", 0.2, 0.4)), true, true, "the birch");
        timeline.onResults(at(13), 2, 1, List.of(), true, false, "");
        timeline.onResults(at(14), 3, 1, List.of(new TimedWord("canoe", 3.2, 3.6)), true, true, "canoe");
        assertThat(timeline.snapshot().transcript()).isEqualTo("the birch canoe");
        assertThat(timeline.snapshot().results()).isEqualTo(4);
    }
}
