package dev.earshot.server.transcript;

import java.util.List;
import java.util.Locale;

/** A word or words a client names ({@code replace}, {@code search}), matched as whole words in any case. */
record Phrase(String text, List<String> words) {
    /** Null when {@code text} holds no word. */
    static Phrase of(String text) {
        String trimmed = text.trim().toLowerCase(Locale.ROOT);
        return trimmed.isEmpty() ? null : new Phrase(trimmed, List.of(trimmed.split("\\s+")));
    }

    /**
     * How many of the lower-case {@code tokens} from {@code at} make this phrase, 0 when they do not. One
     * token may hold all of it: a word that an earlier replacement made of several.
     */
    int lengthAt(List<String> tokens, int at) {
        if (tokens.get(at).equals(text)) {
            return 1;
        }
        if (at + words.size() > tokens.size()) {
            return 0;
        }
        for (int k = 0; k < words.size(); k++) {
            if (!tokens.get(at + k).equals(words.get(k))) {
                return 0;
            }
        }
        return words.size();
    }

    /** The lower-case texts to match phrases against. */
    static List<String> tokens(List<String> texts) {
        return texts.stream().map(t -> t.toLowerCase(Locale.ROOT)).toList();
    }
}
