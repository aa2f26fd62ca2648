package dev.earshot.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class CapacitySearchTest {
    /** A machine that keeps up with at most {@code capacity} streams, recording what it was asked. */
    private static final class Machine implements CapacitySearch.Trial {
        private final int capacity;
        private final List<Integer> asked = new ArrayList<>();

        Machine(int capacity) {
            this.capacity = capacity;
        }

        @Override
        public boolean keepsUp(int streams) {
            asked.add(streams);
            return streams <= capacity;
        }
    }

    @Test
    void rampsToTheFirstFailureThenBisectsTheGap() throws InterruptedException {
        Machine machine = new Machine(13);
        CapacitySearch.Capacity capacity = new CapacitySearch(CapacitySearch.ramp(4, 64)).run(machine);
        assertThat(capacity).isEqualTo(new CapacitySearch.Capacity(13, false));
        assertThat(machine.asked).containsExactly(4, 8, 12, 16, 14, 13);
    }

    @Test
    void aRampOfTwoNeedsOneMoreStepAtMost() throws InterruptedException {
        Machine machine = new Machine(7);
        assertThat(new CapacitySearch(CapacitySearch.ramp(2, 64)).run(machine).maxStreams()).isEqualTo(7);
        assertThat(machine.asked).containsExactly(2, 4, 6, 8, 7);
    }

    @Test
    void aGivenRampIsSortedAndBelowItsFirstStepTheSearchGoesDownToOne() throws InterruptedException {
        Machine machine = new Machine(1);
        assertThat(new CapacitySearch(List.of(8, 4)).run(machine).maxStreams()).isEqualTo(1);
        assertThat(machine.asked).containsExactly(4, 2, 1);
        assertThat(new CapacitySearch(List.of(2)).run(new Machine(0))).isEqualTo(new CapacitySearch.Capacity(0, false));
    }

    @Test
    void keepingUpToTheEndOfTheRampIsOnlyALowerBound() throws InterruptedException {
        assertThat(new CapacitySearch(List.of(1, 2, 4)).run(new Machine(100)))
                .isEqualTo(new CapacitySearch.Capacity(4, true));
    }
}
