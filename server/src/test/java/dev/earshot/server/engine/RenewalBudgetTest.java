package dev.earshot.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The budget of audio decoded again for renewals, on a manual clock. */
@Timeout(10)
class RenewalBudgetTest {
    private final AtomicLong nanos = new AtomicLong();
    private final RenewalBudget budget = new RenewalBudget(2, nanos::get);

    @Test
    void voiceChangesOnManyStreamsAtOnceAreDecodedAgainOnlyAsFarAsTheBudgetGoes() {
        int decodedAgain = 0;
        for (int stream = 0; stream < 12; stream++) { // twelve 1.8 s utterances in the same instant
            decodedAgain += budget.take(1.8) ? 1 : 0;
        }
        assertThat(decodedAgain).as("6 s of audio: three of them").isEqualTo(3);
    }

    @Test
    void theBudgetRefillsAtASecondOfAudioPerCorePerSecondUpToItsSize() {
        assertThat(budget.take(UtteranceAudio.KEPT_SEC)).isTrue();
        assertThat(budget.take(0.5)).isFalse();
        nanos.addAndGet(500_000_000L); // 0.5 s: 1 s of audio on 2 cores
        assertThat(budget.take(1.1)).isFalse();
        assertThat(budget.take(1.0)).isTrue();
        nanos.addAndGet(60_000_000_000L); // a quiet minute refills it, no further than its size
        assertThat(budget.take(UtteranceAudio.KEPT_SEC)).isTrue();
        assertThat(budget.take(0.1)).isFalse();
    }
}
