package dev.earshot.bench.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** At every N, every stream plays every fixture once, so each fixture is heard N times. */
@Timeout(60)
class FixtureScheduleTest {
    @Test
    void everyStreamPlaysEveryFixtureOnceStartingOneFurtherAlong() {
        assertThat(FixtureSchedule.order(0, 4)).containsExactly(0, 1, 2, 3);
        assertThat(FixtureSchedule.order(1, 4)).containsExactly(1, 2, 3, 0);
        assertThat(FixtureSchedule.order(5, 4)).containsExactly(1, 2, 3, 0);
        assertThat(FixtureSchedule.order(3, 1)).containsExactly(0);
    }

    @Test
    void atEachNEachFixtureIsPlayedNTimesAndTheStreamsStartApart() {
        for (int fixtures : new int[] {1, 2, 4, 5}) {
            for (int streams : new int[] {1, 2, 3, 4, 12}) {
                Map<Integer, Integer> plays = new HashMap<>();
                for (int stream = 0; stream < streams; stream++) {
                    List<Integer> order = FixtureSchedule.order(stream, fixtures);
                    assertThat(order).as("stream %d of %d", stream, streams).hasSize(fixtures).doesNotHaveDuplicates();
                    assertThat(order.get(0)).isEqualTo(stream % fixtures);
                    order.forEach(fixture -> plays.merge(fixture, 1, Integer::sum));
                }
                assertThat(plays).as("%d streams, %d fixtures", streams, fixtures).hasSize(fixtures)
                        .allSatisfy((fixture, count) -> assertThat(count).isEqualTo(streams));
            }
        }
    }

    @Test
    void refusesNoFixtures() {
        assertThatThrownBy(() -> FixtureSchedule.order(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
