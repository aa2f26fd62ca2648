package dev.earshot.server.testing;

import java.util.Arrays;
import java.util.Locale;

/** Word error rate of a transcript against a reference, after normalising case and punctuation. */
public final class WordErrorRate {
    private WordErrorRate() {
    }

    public static String[] normalise(String text) {
        String clean = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim();
        return clean.isEmpty() ? new String[0] : clean.split("\\s+");
    }

    /** (substitutions + deletions + insertions) / reference words. */
    public static double of(String reference, String hypothesis) {
        String[] ref = normalise(reference);
        String[] hyp = normalise(hypothesis);
        int[] previous = new int[hyp.length + 1];
        int[] current = new int[hyp.length + 1];
        Arrays.setAll(previous, j -> j);
        for (int i = 1; i <= ref.length; i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.length; j++) {
                int substitution = previous[j - 1] + (ref[i - 1].equals(hyp[j - 1]) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return (double) previous[hyp.length] / Math.max(1, ref.length);
    }
}
