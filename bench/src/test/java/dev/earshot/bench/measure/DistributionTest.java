package dev.earshot.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class DistributionTest {
    @Test
    void percentilesAreNearestRankValuesThatWereObserved() {
        List<Double> samples = new ArrayList<>();
        for (int i = 100; i >= 1; i--) {
            samples.add((double) i);
        }
        Distribution distribution = Distribution.of(samples);
        assertThat(distribution).isEqualTo(new Distribution(100, 50.0, 95.0, 99.0, 100.0));
    }

    @Test
    void aFewSamplesPutTheHighPercentilesOnTheLargest() {
        assertThat(Distribution.of(List.of(10.0, 30.0, 20.0))).isEqualTo(new Distribution(3, 20.0, 30.0, 30.0, 30.0));
        assertThat(Distribution.of(List.of(7.25))).isEqualTo(new Distribution(1, 7.3, 7.3, 7.3, 7.3));
    }

    @Test
    void noSamplesGiveNulls() {
        assertThat(Distribution.of(List.of())).isEqualTo(new Distribution(0, null, null, null, null));
    }
}
