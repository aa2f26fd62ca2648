package dev.earshot.server.transcript;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code replace=find:replacement} (repeatable): whole words or phrases found in the transcript, matched
 * without regard to case, become the replacement; a term sent without {@code :replacement} is removed. A
 * phrase becomes one word spanning the words it replaces, with the lowest of their confidences.
 */
public final class Replacements {
    public static final Replacements NONE = new Replacements(List.of());

    private record Rule(Phrase find, String replacement) {
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
            Phrase find = Phrase.of(colon < 0 ? value : value.substring(0, colon));
            if (find != null) {
                rules.add(new Rule(find, colon < 0 ? "" : value.substring(colon + 1).trim()));
            }
        }
        rules.sort(Comparator.comparingInt((Rule rule) -> rule.find().words().size()).reversed());
        return rules.isEmpty() ? NONE : new Replacements(List.copyOf(rules));
    }

    /** The words with every match replaced; the same list when there is nothing to do. */
    List<RecognizedWord> apply(List<RecognizedWord> words) {
        if (rules.isEmpty() || words.isEmpty()) {
            return words;
        }
        List<String> tokens = Phrase.tokens(words.stream().map(RecognizedWord::text).toList());
        List<RecognizedWord> out = new ArrayList<>(words.size());
        int i = 0;
        while (i < words.size()) {
            Rule rule = null;
            int length = 0;
            for (int r = 0; r < rules.size() && length == 0; r++) {
                rule = rules.get(r);
                length = rule.find().lengthAt(tokens, i);
            }
            if (length == 0) {
                out.add(words.get(i++));
                continue;
            }
            int end = i + length;
            if (!rule.replacement().isEmpty()) {
                out.add(RecognizedWord.spanning(rule.replacement(), words.subList(i, end)));
            }
            i = end;
        }
        return out;
    }
}
