package dev.earshot.client.doctor;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The sample rates a trial transcription tries, to find the one a file's samples were recorded at. */
final class TrialRates {
    private TrialRates() {
    }

    /** The declared rate first, then the usual mistakes: half, double, telephone and wideband rates. */
    static List<Integer> candidates(Integer declaredRate) {
        Set<Integer> rates = new LinkedHashSet<>();
        if (declaredRate != null) {
            rates.add(declaredRate);
            rates.add(declaredRate / 2);
            rates.add(declaredRate * 2);
        }
        rates.addAll(List.of(8_000, 16_000));
        if (declaredRate == null) {
            rates.addAll(List.of(44_100, 48_000));
        }
        return rates.stream().filter(rate -> rate >= 8_000 && rate <= 48_000).toList();
    }
}
