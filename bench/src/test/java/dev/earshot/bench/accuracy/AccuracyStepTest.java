package dev.earshot.bench.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.bench.audio.Programme;
import dev.earshot.bench.audio.WireClip;
import dev.earshot.bench.measure.WordErrors;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** N stream threads play every fixture each, and their sessions add up per fixture. No engine, no server. */
@Timeout(60)
class AccuracyStepTest {
    private static AccuracyClip clip(String name, String reference) {
        Programme programme = new Programme(new byte[320], 16_000, List.of(), reference, List.of(name));
        return new AccuracyClip(name, programme, new WireClip(List.of(new byte[320]), List.of(0.01)), false);
    }

    @Test
    void eachStreamPlaysEveryFixtureOnItsOwnThreadAndTheTallyAddsThemUp() throws Exception {
        List<AccuracyClip> clips = List.of(clip("a", "one two three four"), clip("b", "five six"), clip("c", "seven"));
        Map<String, Set<String>> fixturesByThread = new ConcurrentHashMap<>();
        SessionPlayer player = clip -> {
            fixturesByThread.computeIfAbsent(Thread.currentThread().getName(), name -> ConcurrentHashMap.newKeySet())
                    .add(clip.fixture());
            if (clip.fixture().equals("c") && Thread.currentThread().getName().endsWith("-1")) {
                return SessionPlayer.Heard.failed("c: closed 1011");
            }
            // "one two three" against "one two three four": one deletion in four words; "b" perfect.
            String heard = clip.fixture().equals("a") ? "one two three" : clip.programme().reference();
            return SessionPlayer.Heard.transcript(clip.programme().reference(), heard);
        };

        FixtureTally tally = AccuracyStep.run(3, clips, player);

        assertThat(fixturesByThread).containsOnlyKeys("earshot-bench-stream-0", "earshot-bench-stream-1",
                "earshot-bench-stream-2").allSatisfy((thread, fixtures) -> assertThat(fixtures)
                .containsExactlyInAnyOrder("a", "b", "c"));
        assertThat(tally.fixture(0)).isEqualTo(new FixtureTally.Counts(new WordErrors(3, 12), 3, 0));
        assertThat(tally.fixture(1)).isEqualTo(new FixtureTally.Counts(new WordErrors(0, 6), 3, 0));
        assertThat(tally.fixture(2)).isEqualTo(new FixtureTally.Counts(new WordErrors(0, 2), 3, 1));
        assertThat(tally.total()).isEqualTo(new FixtureTally.Counts(new WordErrors(3, 20), 9, 1));
        assertThat(tally.failures()).containsExactly("c: closed 1011");
    }
}
