package dev.earshot.bench.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ProgrammeTest {
    private static List<Fixture> fixtures;

    @BeforeAll
    static void load() throws IOException {
        fixtures = Fixtures.bundled();
    }

    @Test
    void eachBundledFixtureSplitsIntoItsFiveSentences() {
        assertThat(fixtures).extracting(Fixture::name).containsExactly("speech-a", "speech-b");
        for (Fixture fixture : fixtures) {
            assertThat(fixture.aligned()).as(fixture.name()).isTrue();
            assertThat(fixture.utterances()).hasSize(5);
            assertThat(fixture.sampleRateHz()).isEqualTo(16_000);
        }
        Fixture a = fixtures.get(0);
        assertThat(a.utterances().get(0).startSec()).isCloseTo(0.2, within(0.03));
        assertThat(a.utterances().get(1).startSec()).isCloseTo(3.09, within(0.03));
        assertThat(a.seconds()).isCloseTo(13.99, within(0.01));
    }

    @Test
    void withoutADurationAStreamPlaysOneWholeFixtureAndItsTail() {
        Programme programme = Programme.build(fixtures, 1, null);
        assertThat(programme.pieces()).containsExactly("speech-b");
        assertThat(programme.seconds()).isCloseTo(fixtures.get(1).seconds() + 1.0, within(0.001));
        assertThat(programme.onsetsSec()).hasSize(5);
        assertThat(programme.reference()).startsWith("The juice of lemons").endsWith("hard to sell.");
    }

    @Test
    void aShortDurationIsCutBetweenSentencesSoTheReferenceIsWhatWasSpoken() {
        Programme programme = Programme.build(fixtures, 0, Duration.ofSeconds(7));
        assertThat(programme.pieces()).containsExactly("speech-a[1-2]");
        assertThat(programme.reference()).isEqualTo(
                "The birch canoe slid on the smooth planks. Glue the sheet to the dark blue background.");
        assertThat(programme.onsetsSec()).hasSize(2);
        assertThat(programme.seconds()).isLessThanOrEqualTo(7.0);
        // Too short for any sentence still plays one.
        assertThat(Programme.build(fixtures, 0, Duration.ofSeconds(1)).pieces()).containsExactly("speech-a[1-1]");
    }

    @Test
    void aLongDurationChainsFixturesRoundAndShiftsTheirOnsets() {
        Programme programme = Programme.build(fixtures, 0, Duration.ofSeconds(40));
        assertThat(programme.pieces()).hasSize(3).startsWith("speech-a", "speech-b");
        assertThat(programme.pieces().get(2)).startsWith("speech-a[1-");
        assertThat(programme.seconds()).isBetween(30.0, 40.0);
        double secondStart = fixtures.get(0).seconds() + 1.0;
        assertThat(programme.onsetsSec().get(5)).isCloseTo(secondStart + fixtures.get(1).utterances().get(0).startSec(),
                within(0.001));
        assertThat(programme.onsetsSec()).isSorted();
    }
}
