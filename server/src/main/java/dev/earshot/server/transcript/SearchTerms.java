package dev.earshot.server.transcript;

import dev.earshot.protocol.ServerMessage.Hit;
import dev.earshot.protocol.ServerMessage.Search;
import dev.earshot.protocol.ServerMessage.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code search=term} (repeatable): where each term occurs in the words of a Results or of a whole file,
 * as whole words without regard to case. Deepgram matches the sounds of the audio and reports its best
 * guesses even for terms never said; this server matches the transcript's words, so a term the engine
 * heard as something else has no hit, and every hit is a term the transcript holds.
 */
public final class SearchTerms {
    public static final SearchTerms NONE = new SearchTerms(List.of());

    private record Term(String query, Phrase phrase) {
    }

    private final List<Term> terms;

    private SearchTerms(List<Term> terms) {
        this.terms = terms;
    }

    /** The terms of the {@code search} values of a request, in their order; blank ones are ignored. */
    public static SearchTerms parse(List<String> values) {
        List<Term> terms = new ArrayList<>();
        for (String value : values) {
            Phrase phrase = Phrase.of(value);
            if (phrase != null) {
                terms.add(new Term(value.trim(), phrase));
            }
        }
        return terms.isEmpty() ? NONE : new SearchTerms(List.copyOf(terms));
    }

    /** One entry per term, hits in time order; empty when no term was asked for. */
    public List<Search> find(List<Word> words) {
        if (terms.isEmpty()) {
            return List.of();
        }
        List<String> tokens = Phrase.tokens(words.stream().map(Word::word).toList());
        List<Search> found = new ArrayList<>(terms.size());
        for (Term term : terms) {
            List<Hit> hits = new ArrayList<>();
            for (int at = 0; at < tokens.size(); at++) {
                int length = term.phrase().lengthAt(tokens, at);
                if (length > 0) {
                    hits.add(hit(words.subList(at, at + length)));
                }
            }
            found.add(new Search(term.query(), hits));
        }
        return found;
    }

    private static Hit hit(List<Word> words) {
        double confidence = 0;
        StringBuilder snippet = new StringBuilder();
        for (Word word : words) {
            confidence += word.confidence();
            snippet.append(snippet.length() == 0 ? "" : " ").append(word.word());
        }
        return new Hit(confidence / words.size(), words.get(0).start(), words.get(words.size() - 1).end(),
                snippet.toString());
    }
}
