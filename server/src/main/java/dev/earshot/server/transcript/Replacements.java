package dev.earshot.server.transcript;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * {@code replace=find:replacement} (repeatable): whole words or phrases found in the transcript, matched
 * without regard to case, become the replacement; a term sent without {@code :replacement} is removed. A
 * phrase becomes one word spanning the words it replaces, with the lowest of their confidences.
 */
public final class Replacements {
    public static final Replacements NONE = new Replacements(List.of());

    private record Rule(List<String> find, String replacement) {
    }

    /** Longest phrases first, so that "new york city" wins over "new york". */
    private final List<Rule> rules;

    private Replacements(List<Rule> rules) {
        this.rules = rules;
    }

    /** The rules of the {@code replace} values of a request; values with nothing to find are ignored. */
    public static Replacements parse(List<String> values) {
        List<Rule> rules = new ArrayList<>();
        for (String value : values) {
            int colon = value.indexOf(':');
            String find = colon < 0 ? value : value.substring(0, colon);
            String replacement = colon < 0 ? "" : value.substring(colon + 1).trim();
            List<String> words = List.of(find.toLowerCase(Locale.ROOT).trim().split("\\s+"));
            if (!words.get(0).isEmpty()) {
                rules.add(new Rule(words, replacement));
            }
        }
        rules.sort(Comparator.comparingInt((Rule rule) -> rule.find().size()).reversed());
        return rules.isEmpty() ? NONE : new Replacements(List.copyOf(rules));
    }

    /** The words with every match replaced; the same list when there is nothing to do. */
    List<RecognizedWord> apply(List<RecognizedWord> words) {
        if (rules.isEmpty() || words.isEmpty()) {
            return words;
        }
        List<RecognizedWord> out = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            Rule rule = matchAt(words, i);
            if (rule == null) {
                out.add(words.get(i++));
                continue;
            }
            int end = i + rule.find().size();
            if (!rule.replacement().isEmpty()) {
                double confidence = 1;
                for (int k = i; k < end; k++) {
                    confidence = Math.min(confidence, words.get(k).confidence());
                }
                out.add(new RecognizedWord(rule.replacement(), words.get(i).startSec(), words.get(end - 1).endSec(),
                        confidence));
            }
            i = end;
        }
        return out;
    }

    private Rule matchAt(List<RecognizedWord> words, int at) {
        for (Rule rule : rules) {
            List<String> find = rule.find();
            if (at + find.size() > words.size()) {
                continue;
            }
            boolean match = true;
            for (int k = 0; k < find.size() && match; k++) {
                match = words.get(at + k).text().toLowerCase(Locale.ROOT).equals(find.get(k));
            }
            if (match) {
                return rule;
            }
        }
        return null;
    }
}
