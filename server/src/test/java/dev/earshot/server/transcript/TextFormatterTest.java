package dev.earshot.server.transcript;

import static dev.earshot.server.transcript.NumberWordsTest.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ServerMessage.Word;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** punctuate / smart_format / numerals on recognised words (live-api.md §2). */
@Timeout(10)
class TextFormatterTest {
    static final Formatting PUNCTUATE = new Formatting(true, false, false, false, false, false);
    static final Formatting SMART = new Formatting(false, true, false, false, false, false);
    static final Formatting NUMERALS = new Formatting(false, false, true, false, false, false);

    private static TextFormatter formatter(Formatting formatting) {
        return new TextFormatter(formatting, Replacements.NONE, Redaction.of(List.of()));
    }

    private static List<String> punctuated(List<Word> words) {
        return words.stream().map(Word::punctuatedWord).toList();
    }

    @Test
    void withoutFormattingThereIsNoPunctuatedWord() {
        List<Word> out = formatter(Formatting.NONE).format(words("hello world"), true, true, true);
        assertThat(out).containsExactly(new Word("hello", 0.0, 0.4, 0.9, null), new Word("world", 0.5, 0.9, 0.9, null));
        assertThat(TextFormatter.transcript(out)).isEqualTo("hello world");
    }

    @Test
    void otherSwitchesAloneAddNoPunctuatedWord() {
        for (Formatting formatting : List.of(NUMERALS, new Formatting(false, false, false, true, true, true))) {
            assertThat(punctuated(formatter(formatting).format(words("hello world"), true, true, true)))
                    .containsOnlyNulls();
        }
    }

    @Test
    void punctuateCapitalisesTheSentenceAndEndsItWithAPeriod() {
        List<Word> out = formatter(PUNCTUATE).format(words("hello world"), true, true, true);
        assertThat(out).containsExactly(new Word("hello", 0.0, 0.4, 0.9, "Hello"),
                new Word("world", 0.5, 0.9, 0.9, "world."));
        assertThat(TextFormatter.transcript(out)).isEqualTo("Hello world.");
    }

    @Test
    void smartFormatAlsoPunctuates() {
        List<Word> out = formatter(SMART).format(words("good morning"), true, true, true);
        assertThat(punctuated(out)).containsExactly("Good", "morning.");
        assertThat(TextFormatter.transcript(out)).isEqualTo("Good morning.");
    }

    @Test
    void noPeriodUnlessSpeechFinal() {
        List<Word> out = formatter(PUNCTUATE).format(words("hello world"), true, false, true);
        assertThat(punctuated(out)).containsExactly("Hello", "world");
    }

    @Test
    void noCapitalUnlessASentenceStarts() {
        List<Word> out = formatter(PUNCTUATE).format(words("and then it rained"), false, true, true);
        assertThat(punctuated(out)).containsExactly("and", "then", "it", "rained.");
    }

    @Test
    void aSingleWordCanStartAndEndASentence() {
        assertThat(punctuated(formatter(PUNCTUATE).format(words("yes"), true, true, true))).containsExactly("Yes.");
    }

    @Test
    void firstPersonIsCapitalisedAnywhere() {
        List<Word> out = formatter(PUNCTUATE).format(words("so i'm sure i think i'll go and i've i'd"), true, true, true);
        assertThat(punctuated(out)).containsExactly("So", "I'm", "sure", "I", "think", "I'll", "go", "and", "I've", "I'd.");
        assertThat(out.get(1).word()).isEqualTo("i'm");
        assertThat(punctuated(formatter(PUNCTUATE).format(words("i'm here"), false, false, true)))
                .containsExactly("I'm", "here");
    }

    @Test
    void wordsThatMerelyStartWithIAreLeftAlone() {
        assertThat(punctuated(formatter(PUNCTUATE).format(words("it is in ice"), false, false, true)))
                .containsExactly("it", "is", "in", "ice");
    }

    @Test
    void numeralsWritesDigitsButNoPunctuatedWord() {
        List<Word> out = formatter(NUMERALS).format(words("one of twenty three"), true, true, true);
        assertThat(out).containsExactly(new Word("1", 0.0, 0.4, 0.9, null), new Word("of", 0.5, 0.9, 0.9, null),
                new Word("23", 1.0, 1.9, 0.9, null));
        assertThat(TextFormatter.transcript(out)).isEqualTo("1 of 23");
    }

    @Test
    void smartFormatWritesDigitsButKeepsALoneSmallNumber() {
        List<Word> out = formatter(SMART).format(words("one of twenty three"), true, true, true);
        assertThat(out).containsExactly(new Word("one", 0.0, 0.4, 0.9, "One"), new Word("of", 0.5, 0.9, 0.9, "of"),
                new Word("23", 1.0, 1.9, 0.9, "23."));
        assertThat(TextFormatter.transcript(out)).isEqualTo("One of 23.");
    }

    @Test
    void punctuateAloneKeepsNumbersInWords() {
        assertThat(TextFormatter.transcript(formatter(PUNCTUATE).format(words("twenty three"), true, true, true)))
                .isEqualTo("Twenty three.");
    }

    @Test
    void emptyInputGivesNoWords() {
        assertThat(formatter(SMART).format(List.of(), true, true, true)).isEmpty();
        assertThat(TextFormatter.transcript(List.of())).isEmpty();
    }

    private static Formatting dictating(boolean punctuate) {
        return new Formatting(punctuate, false, false, false, false, true);
    }

    @Test
    void uhAndUmAreLeftOutUnlessFillerWordsAreAskedFor() {
        List<RecognizedWord> spoken = words("so uh i um think uhhuh");
        List<Word> out = formatter(Formatting.NONE).format(spoken, true, true, true);
        assertThat(TextFormatter.transcript(out)).isEqualTo("so i think uhhuh");
        assertThat(out.get(1).start()).isEqualTo(1.0);
        Formatting fillers = new Formatting(false, false, false, false, true, false);
        assertThat(TextFormatter.transcript(formatter(fillers).format(spoken, true, true, true)))
                .isEqualTo("so uh i um think uh-huh");
    }

    @Test
    void aResultsOfFillersAloneHasNoWords() {
        assertThat(formatter(PUNCTUATE).format(words("um uh"), true, true, true)).isEmpty();
    }

    @Test
    void profanityIsMaskedLetterForLetterInWordAndPunctuatedWord() {
        Formatting filter = new Formatting(true, false, false, true, false, false);
        List<Word> out = formatter(filter).format(words("what the fuck oh damn it hell"), true, true, true);
        assertThat(out.stream().map(Word::word).toList())
                .containsExactly("what", "the", "****", "oh", "****", "it", "hell");
        assertThat(TextFormatter.transcript(out)).isEqualTo("What the **** oh **** it hell.");
        assertThat(TextFormatter.transcript(formatter(PUNCTUATE).format(words("oh damn"), true, true, true)))
                .isEqualTo("Oh damn.");
    }

    @Test
    void dictationWritesSpokenPunctuationOnTheWordBefore() {
        List<Word> out = formatter(dictating(true)).format(words("patient presents with a headache comma nausea "
                + "comma and vomiting period they report pain question mark no exclamation point"), true, true, true);
        assertThat(TextFormatter.transcript(out))
                .isEqualTo("Patient presents with a headache, nausea, and vomiting. They report pain? No!");
        assertThat(out.stream().map(Word::word).toList()).doesNotContain("comma", "period", "question", "mark");
        assertThat(out.get(4)).isEqualTo(new Word("headache", 2.0, 2.4, 0.9, "headache,"));
    }

    @Test
    void dictationEndsSpeechWithItsOwnMarkOrTurnsACommaIntoThePeriod() {
        assertThat(TextFormatter.transcript(formatter(dictating(true)).format(words("is it question mark"),
                true, true, true))).isEqualTo("Is it?");
        assertThat(TextFormatter.transcript(formatter(dictating(true)).format(words("yes comma"), true, true, true)))
                .isEqualTo("Yes.");
        assertThat(TextFormatter.transcript(formatter(dictating(true)).format(words("dear sir colon new paragraph "
                + "thanks full stop"), true, true, true))).isEqualTo("Dear sir:\n\nThanks.");
    }

    @Test
    void dictationNeedsPunctuation() {
        assertThat(TextFormatter.transcript(formatter(dictating(false)).format(words("yes comma no"), true, true,
                true))).isEqualTo("yes comma no");
    }

    @Test
    void aCommandWithNoWordBeforeItIsDropped() {
        assertThat(TextFormatter.transcript(formatter(dictating(true)).format(words("comma and so"), false, false,
                false))).isEqualTo("and so");
    }

    @Test
    void aDictatedPeriodStartsTheNextSentence() {
        TextFormatter formatter = formatter(dictating(true));
        formatter.format(words("done period"), true, false, true);
        assertThat(formatter.nextStartsSentence()).isTrue();
        formatter.format(words("done"), true, false, true);
        assertThat(formatter.nextStartsSentence()).isFalse();
        formatter.format(List.of(), true, false, true);
        assertThat(formatter.nextStartsSentence()).as("no words leave the sentence start as it was").isTrue();
    }

    @Test
    void aSentenceMarkThatOpensAResultsStillEndsTheSentenceBefore() {
        TextFormatter formatter = formatter(dictating(true));
        assertThat(TextFormatter.transcript(formatter.format(words("period thanks a lot"), false, false, true)))
                .isEqualTo("Thanks a lot");
        formatter.format(words("period"), false, false, true);
        assertThat(formatter.nextStartsSentence()).isTrue();
    }

    @Test
    void aReplacementEndingInAPeriodDoesNotEndTheSentence() {
        TextFormatter formatter = new TextFormatter(PUNCTUATE, Replacements.parse(List.of("doctor:Dr.")),
                Redaction.of(List.of()));
        assertThat(TextFormatter.transcript(formatter.format(words("i saw the doctor"), true, false, true)))
                .isEqualTo("I saw the Dr.");
        assertThat(formatter.nextStartsSentence()).isFalse();
        assertThat(TextFormatter.transcript(formatter.format(words("the doctor"), true, true, true)))
                .isEqualTo("The Dr.");
    }

    @Test
    void aDictatedNewLineIsNotFollowedByASpace() {
        StringBuilder text = new StringBuilder("Dear sir\n");
        TextFormatter.join(text, "Thanks.");
        TextFormatter.join(text, "");
        assertThat(text).hasToString("Dear sir\nThanks.");
    }
}
