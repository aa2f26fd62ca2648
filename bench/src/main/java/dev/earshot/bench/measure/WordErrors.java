package dev.earshot.bench.measure;

import java.util.Arrays;
import java.util.Locale;

/**
 * Word errors of transcripts against references, after lower-casing and dropping punctuation: the edit
 * distance in words (substitutions + deletions + insertions). Kept as counts so that streams and steps
 * add up before dividing.
 */
public record WordErrors(int errors, int referenceWords) {
    public static final WordErrors NONE = new WordErrors(0, 0);

    public static WordErrors between(String reference, String hypothesis) {
        String[] ref = words(reference);
        String[] hyp = words(hypothesis);
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
        return new WordErrors(previous[hyp.length], ref.length);
    }

    static String[] words(String text) {
        String clean = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim();
        return clean.isEmpty() ? new String[0] : clean.split("\\s+");
    }

    public WordErrors plus(WordErrors other) {
        return new WordErrors(errors + other.errors, referenceWords + other.referenceWords);
    }

    /** Errors per reference word; null when there was no reference. */
    public Double rate() {
        return referenceWords == 0 ? null : (double) errors / referenceWords;
    }
}
