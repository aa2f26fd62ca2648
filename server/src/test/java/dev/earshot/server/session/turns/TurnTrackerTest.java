package dev.earshot.server.session.turns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.flux.FluxClientMessage.Configure;
import dev.earshot.protocol.flux.FluxServerMessage;
import dev.earshot.protocol.flux.FluxServerMessage.ConfigureFailure;
import dev.earshot.protocol.flux.FluxServerMessage.ConfigureSuccess;
import dev.earshot.protocol.flux.FluxServerMessage.Trigger;
import dev.earshot.protocol.flux.FluxServerMessage.TurnEvent;
import dev.earshot.protocol.flux.FluxServerMessage.TurnInfo;
import dev.earshot.protocol.flux.FluxServerMessage.Word;
import dev.earshot.protocol.flux.TurnThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Turn events from the pipeline's words, pauses and onsets, in audio time (no engine, no clock). */
@Timeout(10)
class TurnTrackerTest {
    private final List<FluxServerMessage> sent = new ArrayList<>();
    private final List<Long> sequence = new ArrayList<>();
    private final TurnOutbox outbox = new TurnOutbox() {
        @Override
        public void send(FluxServerMessage message, long sequenceId) {
            sent.add(message);
            sequence.add(sequenceId);
        }

        @Override
        public void close(CloseReason reason) {
        }

        @Override
        public void resumeReading() {
        }
    };

    private TurnTracker tracker(TurnThresholds thresholds) {
        return new TurnTracker("id", thresholds, List.of(), outbox);
    }

    private static Word word(String text, double start, double end) {
        return new Word(text, 0.9, start, end);
    }

    private List<TurnEvent> events() {
        return sent.stream().filter(m -> m instanceof TurnInfo).map(m -> ((TurnInfo) m).event())
                .filter(e -> e != TurnEvent.Update).toList();
    }

    private TurnInfo last(TurnEvent event) {
        return sent.stream().filter(m -> m instanceof TurnInfo t && t.event() == event).map(m -> (TurnInfo) m)
                .reduce((a, b) -> b).orElseThrow();
    }

    /** Blocks of 100 ms of quiet after a pause heard at {@code fromSec}, up to {@code toSec}. */
    private static void quiet(TurnTracker tracker, double fromSec, double toSec) {
        for (double t = fromSec + 0.1; t <= toSec + 1e-9; t += 0.1) {
            tracker.interim(List.of(), t);
        }
    }

    @Test
    void aTurnStartsAtItsFirstWordsAndEndsAFifthOfASecondAfterThePauseAtTheDefault() {
        TurnTracker tracker = tracker(TurnThresholds.DEFAULTS);
        tracker.connected();
        tracker.interim(List.of(word("hello", 0.5, 0.8)), 0.8);
        tracker.finalWords(List.of(word("hello", 0.5, 0.7), word("there", 0.75, 1.0)), true, 1.3);
        quiet(tracker, 1.3, 1.4);
        assertThat(events()).containsExactly(TurnEvent.StartOfTurn);
        tracker.interim(List.of(), 1.5); // 0.2 s after the pause: 0.4 + 0.6 * 0.2 / 0.4 = 0.7
        TurnInfo end = last(TurnEvent.EndOfTurn);
        assertThat(end.trigger()).isEqualTo(Trigger.MODEL);
        assertThat(end.transcript()).isEqualTo("hello there");
        assertThat(end.turnIndex()).isZero();
        assertThat(end.endOfTurnConfidence()).isGreaterThanOrEqualTo(0.7);
        assertThat(sequence).startsWith(0L, 1L, 2L).doesNotHaveDuplicates();
    }

    @Test
    void speechBeforeTheThresholdKeepsTheTurnOpenAndTheNextTurnCountsOn() {
        TurnTracker tracker = tracker(TurnThresholds.DEFAULTS);
        tracker.finalWords(List.of(word("press", 0.2, 0.5)), true, 0.8);
        tracker.interim(List.of(), 0.9);
        tracker.speechStarted(0.95);
        tracker.interim(List.of(word("one", 0.95, 1.0)), 1.0);
        tracker.finalWords(List.of(word("one", 0.95, 1.2)), true, 1.5);
        assertThat(events()).containsExactly(TurnEvent.StartOfTurn);
        quiet(tracker, 1.5, 1.8);
        assertThat(last(TurnEvent.EndOfTurn).transcript()).isEqualTo("press one");
        tracker.interim(List.of(word("two", 2.0, 2.2)), 2.2);
        assertThat(last(TurnEvent.StartOfTurn).turnIndex()).isEqualTo(1);
    }

    @Test
    void anEagerEndIsConfirmedWithTheSameTranscriptOrResumedBySpeech() {
        TurnTracker tracker = tracker(new TurnThresholds(0.7, OptionalDouble.of(0.4), 5000));
        tracker.finalWords(List.of(word("for", 0.2, 0.4), word("sales", 0.45, 0.8)), true, 1.1);
        assertThat(last(TurnEvent.EagerEndOfTurn).transcript()).isEqualTo("for sales");
        tracker.speechStarted(1.15);
        tracker.interim(List.of(word("press", 1.15, 1.2)), 1.2);
        assertThat(events()).containsExactly(TurnEvent.StartOfTurn, TurnEvent.EagerEndOfTurn, TurnEvent.TurnResumed);
        tracker.finalWords(List.of(word("press", 1.15, 1.5)), true, 1.8);
        quiet(tracker, 1.8, 2.1);
        assertThat(events()).containsExactly(TurnEvent.StartOfTurn, TurnEvent.EagerEndOfTurn, TurnEvent.TurnResumed,
                TurnEvent.EagerEndOfTurn, TurnEvent.EndOfTurn);
        assertThat(last(TurnEvent.EndOfTurn).transcript()).isEqualTo(last(TurnEvent.EagerEndOfTurn).transcript())
                .isEqualTo("for sales press");
    }

    @Test
    void aLastWordThatLeavesTheSentenceOpenWaitsLonger() {
        TurnTracker tracker = tracker(TurnThresholds.DEFAULTS);
        tracker.finalWords(List.of(word("enter", 0.2, 0.5), word("your", 0.55, 0.8)), true, 1.1);
        quiet(tracker, 1.1, 1.3); // 0.7 - 0.15 = 0.55: not yet
        assertThat(events()).containsExactly(TurnEvent.StartOfTurn);
        quiet(tracker, 1.3, 1.4); // 0.85 - 0.15
        assertThat(events()).containsExactly(TurnEvent.StartOfTurn, TurnEvent.EndOfTurn);
    }

    @Test
    void theTimeoutEndsATurnTheModelMayNotEnd() {
        TurnTracker tracker = tracker(new TurnThresholds(1.0, OptionalDouble.empty(), 1000));
        tracker.finalWords(List.of(word("yes", 0.2, 0.5)), true, 0.8);
        quiet(tracker, 0.8, 1.4);
        assertThat(events()).containsExactly(TurnEvent.StartOfTurn);
        quiet(tracker, 1.4, 1.5);
        assertThat(last(TurnEvent.EndOfTurn).trigger()).isEqualTo(Trigger.TIMEOUT);
    }

    @Test
    void updatesComeEveryQuarterSecondOfAudioWhileATurnIsOpen() {
        TurnTracker tracker = tracker(TurnThresholds.DEFAULTS);
        quiet(tracker, 0, 1.0);
        assertThat(sent).as("no turn, no Updates").isEmpty();
        for (int block = 1; block <= 20; block++) {
            double now = 1.0 + block / 10.0;
            tracker.interim(List.of(word("la", 1.0, now)), now);
        }
        long updates = sent.stream().filter(m -> m instanceof TurnInfo t && t.event() == TurnEvent.Update).count();
        assertThat(updates).isBetween(6L, 8L);
    }

    @Test
    void afterCloseStreamFinalsAreUpdatesAndNoTurnEnds() {
        TurnTracker tracker = tracker(TurnThresholds.DEFAULTS);
        tracker.interim(List.of(word("last", 0.2, 0.4)), 0.4);
        tracker.closing();
        tracker.finalWords(List.of(word("last", 0.2, 0.4), word("words", 0.45, 0.7)), true, 1.5);
        tracker.forceEnd();
        assertThat(events()).containsExactly(TurnEvent.StartOfTurn);
        TurnInfo update = (TurnInfo) sent.get(sent.size() - 1);
        assertThat(update.event()).isEqualTo(TurnEvent.Update);
        assertThat(update.transcript()).isEqualTo("last words");
    }

    @Test
    void aConfigureIsAppliedWholeOrRefusedWhole() {
        TurnTracker tracker = tracker(TurnThresholds.DEFAULTS);
        tracker.configure(new Configure(OptionalDouble.of(0.9), OptionalDouble.empty(), OptionalInt.empty(),
                Optional.of(List.of("Earshot")), Optional.empty(), Optional.empty()));
        tracker.configure(new Configure(OptionalDouble.of(0.6), OptionalDouble.of(0.65), OptionalInt.empty(),
                Optional.empty(), Optional.empty(), Optional.empty()));
        tracker.configure(new Configure(OptionalDouble.empty(), OptionalDouble.of(0.5), OptionalInt.of(2000),
                Optional.of(List.of()), Optional.empty(), Optional.empty()));
        assertThat(sent).hasSize(3);
        assertThat(((ConfigureFailure) sent.get(0)).errorCode()).isEqualTo("KeytermsNotSupported");
        assertThat(((ConfigureFailure) sent.get(1)).description()).contains("eager_eot_threshold");
        TurnThresholds now = ((ConfigureSuccess) sent.get(2)).thresholds();
        assertThat(now).isEqualTo(new TurnThresholds(0.7, OptionalDouble.of(0.5), 2000));
    }
}
