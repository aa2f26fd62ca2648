package dev.earshot.server.session.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The interim cadence of the defaults: 250 ms between changed interims, an unchanged one every second. */
@Timeout(10)
class InterimCadenceTest {
    private final InterimCadence cadence = new InterimCadence(0.25, 1.0);

    @Test
    void theFirstWordsOfASpanAreAskedForAfterEveryBlockAndGoOutAtOnce() {
        cadence.finalSent(2.0);
        assertThat(cadence.asksEngine(2.1, true)).as("no words yet in an open utterance").isTrue();
        assertThat(cadence.asksEngine(2.1, false)).as("nothing to ask between utterances").isFalse();
        assertThat(cadence.sends("hello", 2.1)).isTrue();
        cadence.sent("hello", 2.1);
        assertThat(cadence.asksEngine(2.2, true)).as("words came: the usual interval now").isFalse();
        assertThat(cadence.asksEngine(2.35, true)).isTrue();
    }

    @Test
    void anUnchangedInterimIsRepeatedOnlyEverySecond() {
        cadence.sent("hello there", 1.0);
        assertThat(cadence.due(1.25)).isTrue();
        assertThat(cadence.sends("hello there", 1.25)).isFalse();
        assertThat(cadence.sends("hello there you", 1.25)).isTrue();
        assertThat(cadence.sends("hello there", 2.0)).isTrue();
    }

    @Test
    void anEmptyInterimAfterAFinalStillCountsAsNoWords() {
        cadence.finalSent(1.0);
        cadence.sent("", 1.25);
        assertThat(cadence.asksEngine(1.3, true)).as("still waiting for the first words").isTrue();
    }
}
