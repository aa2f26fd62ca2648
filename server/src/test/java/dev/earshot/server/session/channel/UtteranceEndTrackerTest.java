package dev.earshot.server.session.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.transcript.RecognizedWord;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** UtteranceEnd with utterance_end_ms=1000. */
@Timeout(10)
class UtteranceEndTrackerTest {
    private final UtteranceEndTracker tracker = new UtteranceEndTracker(1.0);

    private static List<RecognizedWord> wordEndingAt(double endSec) {
        return List.of(new RecognizedWord("word", endSec - 0.3, endSec, 0.9));
    }

    @Test
    void dueOnceAGapFollowsTheLastWordAndReportsTheLastFinalWord() {
        tracker.heard(wordEndingAt(2.0), true);
        assertThat(tracker.due(2.9)).isFalse();
        assertThat(tracker.due(3.0)).isTrue();
        assertThat(tracker.send()).isEqualTo(2.0);
        assertThat(tracker.due(5.0)).as("once per gap").isFalse();
        tracker.heard(wordEndingAt(6.0), true);
        assertThat(tracker.due(7.0)).isTrue();
    }

    @Test
    void interimWordsArePendingUntilAFinal() {
        tracker.heard(wordEndingAt(2.0), false);
        assertThat(tracker.interimWordsPending()).isTrue();
        tracker.heard(List.of(), true);
        assertThat(tracker.interimWordsPending()).isFalse();
    }

    @Test
    void speechResumedInsideTheGapWaitsForItsWordsAtMostTwoSeconds() {
        tracker.heard(wordEndingAt(2.0), true);
        tracker.speechStarted(2.5);
        assertThat(tracker.due(3.5)).isFalse();
        assertThat(tracker.due(4.5)).as("2 s after the onset, no words: a cough").isTrue();
    }

    @Test
    void speechResumedAfterTheGapDoesNotHoldItBack() {
        tracker.heard(wordEndingAt(2.0), true);
        tracker.speechStarted(3.2);
        assertThat(tracker.due(3.3)).isTrue();
    }

    @Test
    void noneWhenTheClientAskedForNone() {
        UtteranceEndTracker none = new UtteranceEndTracker(-1);
        none.heard(wordEndingAt(2.0), true);
        assertThat(none.due(60)).isFalse();
    }
}
