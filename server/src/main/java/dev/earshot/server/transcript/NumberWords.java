package dev.earshot.server.transcript;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes spoken English numbers as digits ({@code numerals}, {@code smart_format}): "twenty three" becomes
 * one word "23" spanning both, "one hundred and five" becomes "105".
 */
final class NumberWords {
    private static final Map<String, Integer> SMALL = Map.ofEntries(
            Map.entry("zero", 0), Map.entry("one", 1), Map.entry("two", 2), Map.entry("three", 3),
            Map.entry("four", 4), Map.entry("five", 5), Map.entry("six", 6), Map.entry("seven", 7),
            Map.entry("eight", 8), Map.entry("nine", 9), Map.entry("ten", 10), Map.entry("eleven", 11),
            Map.entry("twelve", 12), Map.entry("thirteen", 13), Map.entry("fourteen", 14),
            Map.entry("fifteen", 15), Map.entry("sixteen", 16), Map.entry("seventeen", 17),
            Map.entry("eighteen", 18), Map.entry("nineteen", 19));
    private static final Map<String, Integer> TENS = Map.of("twenty", 20, "thirty", 30, "forty", 40, "fifty", 50,
            "sixty", 60, "seventy", 70, "eighty", 80, "ninety", 90);
    private static final Map<String, Long> SCALES = Map.of("thousand", 1_000L, "million", 1_000_000L,
            "billion", 1_000_000_000L);

    private NumberWords() {
    }

    /**
     * @param keepSmallAlone true to leave a lone number below ten in words ("one of them"), as smart
     *                       formatting does; false to write every number in digits, as numerals does
     */
    static List<RecognizedWord> toDigits(List<RecognizedWord> words, boolean keepSmallAlone) {
        List<RecognizedWord> out = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            Parsed parsed = parse(words, i);
            if (parsed == null || (keepSmallAlone && parsed.length == 1 && parsed.value < 10)) {
                out.add(words.get(i));
                i++;
                continue;
            }
            out.add(RecognizedWord.spanning(Long.toString(parsed.value), words.subList(i, i + parsed.length)));
            i += parsed.length;
        }
        return out;
    }

    /** Whether {@code text} is part of a number: a spoken number word or digits. */
    static boolean isNumberWord(String text) {
        return SMALL.containsKey(text) || TENS.containsKey(text) || SCALES.containsKey(text) || text.equals("hundred")
                || (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9'));
    }

    /** How many digits the number words (or digits) of {@code run} write: "twenty three" 2, "four four" 2. */
    static int digitCount(List<RecognizedWord> run) {
        int digits = 0;
        for (RecognizedWord word : toDigits(run, false)) {
            digits += (int) word.text().chars().filter(c -> c >= '0' && c <= '9').count();
        }
        return digits;
    }

    private record Parsed(long value, int length) {
    }

    /** The longest number phrase starting at {@code start}, or null. */
    private static Parsed parse(List<RecognizedWord> words, int start) {
        long total = 0;
        long current = 0;
        long lastScale = Long.MAX_VALUE;
        boolean any = false;
        boolean hasTens = false;
        boolean hasUnit = false;
        boolean hasHundred = false;
        int end = start;
        int i = start;
        while (i < words.size()) {
            String word = words.get(i).text();
            if (SMALL.containsKey(word)) {
                int value = SMALL.get(word);
                if (hasUnit || (hasTens && value >= 10)) {
                    break; // "one two" is two numbers, "twenty eleven" is not one
                }
                current += value;
                hasUnit = true;
            } else if (TENS.containsKey(word)) {
                if (hasTens || hasUnit) {
                    break;
                }
                current += TENS.get(word);
                hasTens = true;
            } else if (word.equals("hundred")) {
                if (!any || hasHundred || current == 0 || current >= 100) {
                    break;
                }
                current *= 100;
                hasHundred = true;
                hasTens = false;
                hasUnit = false;
            } else if (SCALES.containsKey(word)) {
                long scale = SCALES.get(word);
                if (!any || scale >= lastScale || current == 0) {
                    break;
                }
                total += current * scale;
                current = 0;
                lastScale = scale;
                hasHundred = false;
                hasTens = false;
                hasUnit = false;
            } else if (word.equals("and") && any && (hasHundred || lastScale != Long.MAX_VALUE)
                    && i + 1 < words.size() && (SMALL.containsKey(words.get(i + 1).text())
                    || TENS.containsKey(words.get(i + 1).text()))) {
                i++;
                continue; // "one hundred and five"
            } else {
                break;
            }
            any = true;
            i++;
            end = i;
        }
        return any ? new Parsed(total + current, end - start) : null;
    }
}
