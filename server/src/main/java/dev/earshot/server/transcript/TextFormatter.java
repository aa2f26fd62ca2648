package dev.earshot.server.transcript;

import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ServerMessage.Word;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Deepgram's text options on the recognised words of one Results, in this order: filler words left out
 * ({@code filler_words}), numbers as digits ({@code numerals}, {@code smart_format}), {@code replace},
 * {@code profanity_filter}, {@code redact}; then, with {@code punctuate} or {@code smart_format}, a capital
 * at the start of each sentence, "I" capitalised, spoken punctuation written ({@code dictation}) and a
 * period at the end of speech.
 */
final class TextFormatter {
    private static final Set<String> FIRST_PERSON = Set.of("i", "i'm", "i'll", "i've", "i'd");

    /** Changed by a mid-stream Configure, between two Results. */
    private Formatting formatting;
    private final Replacements replacements;
    private final Redaction redaction;
    /** Whether the word after the last Results formatted begins a sentence, as far as its words tell. */
    private boolean nextStartsSentence;

    TextFormatter(Formatting formatting, Replacements replacements, Redaction redaction) {
        this.formatting = formatting;
        this.replacements = replacements;
        this.redaction = redaction;
    }

    void formatWith(Formatting formatting) {
        this.formatting = formatting;
    }

    /**
     * @param sentenceStart whether the first word begins a sentence
     * @param sentenceEnd   whether the last word ends one (speech_final)
     * @param isFinal       whether these are a final's words (redaction carries a number run into the next)
     */
    List<Word> format(List<RecognizedWord> recognized, boolean sentenceStart, boolean sentenceEnd,
                      boolean isFinal) {
        List<RecognizedWord> words = FillerWords.apply(recognized, formatting.fillerWords());
        if (formatting.digits()) {
            words = NumberWords.toDigits(words, !formatting.numerals());
        }
        // Replacements see the words as the client will (numbers already digits), before what hides words.
        words = replacements.apply(words);
        if (formatting.profanityFilter()) {
            words = Profanity.mask(words);
        }
        words = redaction.apply(words, isFinal);
        if (formatting.punctuated()) {
            return punctuate(words, sentenceStart, sentenceEnd);
        }
        nextStartsSentence = words.isEmpty() && sentenceStart;
        return plain(words);
    }

    /**
     * Whether the word after the last formatted Results begins a sentence by what its words said: a
     * dictated mark that ends one, or no words at all after a sentence's start. The end of speech is the
     * caller's to add.
     */
    boolean nextStartsSentence() {
        return nextStartsSentence;
    }

    private static List<Word> plain(List<RecognizedWord> words) {
        List<Word> out = new ArrayList<>(words.size());
        for (RecognizedWord word : words) {
            out.add(new Word(word.text(), word.startSec(), word.endSec(), word.confidence(), null));
        }
        return out;
    }

    private List<Word> punctuate(List<RecognizedWord> words, boolean sentenceStart, boolean sentenceEnd) {
        List<String> tokens = formatting.dictation() ? Phrase.tokens(words.stream().map(RecognizedWord::text)
                .toList()) : List.of();
        List<Word> out = new ArrayList<>(words.size());
        boolean capital = sentenceStart;
        int i = 0;
        while (i < words.size()) {
            Dictation.Command command = formatting.dictation() ? Dictation.at(tokens, i) : null;
            if (command != null) {
                // A command that opens the Results has no word to write its mark on (the word was in the
                // Results before): its mark is lost, but a sentence it ends still ends.
                if (!out.isEmpty()) {
                    Word before = out.remove(out.size() - 1);
                    out.add(withPunctuated(before, before.punctuatedWord() + command.mark()));
                }
                capital = command.endsSentence() || (capital && out.isEmpty());
                i += command.words().lengthAt(tokens, i);
                continue;
            }
            RecognizedWord word = words.get(i++);
            String punctuated = word.text();
            if (FIRST_PERSON.contains(punctuated)) {
                punctuated = "I" + punctuated.substring(1);
            }
            if (capital) {
                punctuated = capitalise(punctuated);
                capital = false;
            }
            out.add(new Word(word.text(), word.startSec(), word.endSec(), word.confidence(), punctuated));
        }
        nextStartsSentence = capital;
        if (sentenceEnd && !out.isEmpty() && !capital && !endsSentence(out.get(out.size() - 1))) {
            // A dictated comma, colon or semicolon that ends speech gives way to the period.
            Word last = out.remove(out.size() - 1);
            String text = last.punctuatedWord();
            boolean mark = !text.isEmpty() && ",:;".indexOf(text.charAt(text.length() - 1)) >= 0;
            out.add(withPunctuated(last, (mark ? text.substring(0, text.length() - 1) : text) + "."));
        }
        return out;
    }

    /** Whether the word already ends in a period, question or exclamation mark ("Dr." from a replace). */
    private static boolean endsSentence(Word word) {
        String text = word.punctuatedWord();
        return !text.isEmpty() && ".?!".indexOf(text.charAt(text.length() - 1)) >= 0;
    }

    /** The transcript of formatted words: punctuated forms when there are any. */
    static String transcript(List<Word> words) {
        StringBuilder text = new StringBuilder();
        for (Word word : words) {
            join(text, word.punctuatedWord() != null ? word.punctuatedWord() : word.word());
        }
        return text.toString();
    }

    /** Appends {@code next} to a transcript: after a space, unless the text ends a dictated line. */
    static void join(StringBuilder text, String next) {
        if (text.length() > 0 && text.charAt(text.length() - 1) != '\n' && !next.isEmpty()) {
            text.append(' ');
        }
        text.append(next);
    }

    private static Word withPunctuated(Word word, String punctuated) {
        return new Word(word.word(), word.start(), word.end(), word.confidence(), punctuated);
    }

    private static String capitalise(String word) {
        return word.isEmpty() ? word : word.substring(0, 1).toUpperCase(Locale.ROOT) + word.substring(1);
    }
}
