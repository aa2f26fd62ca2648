package dev.earshot.bench.measure;

import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Word errors of transcripts against references, after both are normalised alike: lower case, apostrophes
 * dropped ("don't" and "dont" are one word), other punctuation a space, and digits written as number words as
 * the human set's references are ("42" is "forty two", "1000" is "one zero zero zero"). The edit distance in
 * words (substitutions + deletions + insertions), kept as counts so that streams and steps add up before
 * dividing.
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

    private static final String[] ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen"
            + " fourteen fifteen sixteen seventeen eighteen nineteen").split(" ");
    private static final String[] TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split(" ");
    private static final Pattern DIGITS = Pattern.compile("\\d+");

    static String[] words(String text) {
        String lower = text.toLowerCase(Locale.ROOT).replace("'", "");
        String spelled = DIGITS.matcher(lower).replaceAll(match -> " " + spelled(match.group()) + " ");
        String clean = spelled.replaceAll("[^a-z ]", " ").trim();
        return clean.isEmpty() ? new String[0] : clean.split("\\s+");
    }

    /** A number in words, as the human set's references write it (human-dev-set.sh). */
    static String spelled(String digits) {
        if (digits.length() > 3) {
            StringBuilder each = new StringBuilder();
            for (char digit : digits.toCharArray()) {
                each.append(each.length() == 0 ? "" : " ").append(ONES[digit - '0']);
            }
            return each.toString();
        }
        int n = Integer.parseInt(digits);
        if (n < 20) {
            return ONES[n];
        }
        if (n < 100) {
            return TENS[n / 10] + (n % 10 == 0 ? "" : " " + ONES[n % 10]);
        }
        return ONES[n / 100] + " hundred" + (n % 100 == 0 ? "" : " " + spelled(Integer.toString(n % 100)));
    }

    public WordErrors plus(WordErrors other) {
        return new WordErrors(errors + other.errors, referenceWords + other.referenceWords);
    }

    /** Errors per reference word; null when there was no reference. */
    public Double rate() {
        return referenceWords == 0 ? null : (double) errors / referenceWords;
    }
}
