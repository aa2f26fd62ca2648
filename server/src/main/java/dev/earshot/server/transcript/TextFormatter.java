package dev.earshot.server.transcript;

import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ServerMessage.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The useful minimum of Deepgram's text formatting: numbers as digits ({@code numerals},
 * {@code smart_format}); with {@code punctuate} or {@code smart_format}, a capital at the start of each
 * sentence, "I" capitalised, and a period at the end of speech.
 */
final class TextFormatter {
    private static final Set<String> FIRST_PERSON = Set.of("i", "i'm", "i'll", "i've", "i'd");

    private final Formatting formatting;
    private final Replacements replacements;

    TextFormatter(Formatting formatting, Replacements replacements) {
        this.formatting = formatting;
        this.replacements = replacements;
    }

    /**
     * @param sentenceStart whether the first word begins a sentence
     * @param sentenceEnd   whether the last word ends one (speech_final)
     */
    List<Word> format(List<RecognizedWord> recognized, boolean sentenceStart, boolean sentenceEnd) {
        // Replacements see the words as the client will (numbers already digits), before sentence case.
        List<RecognizedWord> words = replacements.apply(formatting.digits()
                ? NumberWords.toDigits(recognized, !formatting.numerals()) : recognized);
        List<Word> out = new ArrayList<>(words.size());
        for (int i = 0; i < words.size(); i++) {
            RecognizedWord word = words.get(i);
            String punctuated = null;
            if (formatting.punctuated()) {
                punctuated = word.text();
                if (FIRST_PERSON.contains(punctuated)) {
                    punctuated = "I" + punctuated.substring(1);
                }
                if (i == 0 && sentenceStart) {
                    punctuated = capitalise(punctuated);
                }
                if (i == words.size() - 1 && sentenceEnd) {
                    punctuated = punctuated + ".";
                }
            }
            out.add(new Word(word.text(), word.startSec(), word.endSec(), word.confidence(), punctuated));
        }
        return out;
    }

    /** The transcript of formatted words: punctuated forms when there are any. */
    static String transcript(List<Word> words) {
        StringBuilder text = new StringBuilder();
        for (Word word : words) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(word.punctuatedWord() != null ? word.punctuatedWord() : word.word());
        }
        return text.toString();
    }

    private static String capitalise(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
