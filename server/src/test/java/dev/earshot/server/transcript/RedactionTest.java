package dev.earshot.server.transcript;

import static dev.earshot.server.transcript.NumberWordsTest.texts;
import static dev.earshot.server.transcript.NumberWordsTest.words;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code redact}: which numbers each option hides, and how (live-api.md §2). */
@Timeout(10)
class RedactionTest {
    private static List<String> redacted(String option, String text) {
        return texts(Redaction.of(List.of(option)).apply(words(text), true));
    }

    /** {@code text}'s words, starting at {@code startSec}. */
    private static List<RecognizedWord> wordsFrom(double startSec, String text) {
        List<RecognizedWord> out = new ArrayList<>();
        for (RecognizedWord word : words(text)) {
            out.add(new RecognizedWord(word.text(), word.startSec() + startSec, word.endSec() + startSec,
                    word.confidence()));
        }
        return out;
    }

    @Test
    void numbersHidesRunsOfThreeDigitsOrMoreAsOneWordOfAsterisks() {
        for (String option : List.of("numbers", "true", "aggressive_numbers")) {
            assertThat(redacted(option, "my pin is four seven two nine and i am twenty three now"))
                    .containsExactly("my", "pin", "is", "****", "and", "i", "am", "twenty", "three", "now");
        }
        assertThat(redacted("numbers", "it costs 250 dollars or 12 now")).containsExactly("it", "costs", "***",
                "dollars", "or", "12", "now");
        assertThat(redacted("numbers", "five hundred people")).containsExactly("***", "people");
    }

    @Test
    void wordsThatSoundLikeDigitsCountNextToANumber() {
        // What the engine made of "my pin is four seven two nine".
        assertThat(redacted("numbers", "my pin is for seven to nine")).containsExactly("my", "pin", "is", "****");
        assertThat(redacted("numbers", "i went to nine stores for you")).containsExactly("i", "went", "to", "nine",
                "stores", "for", "you");
    }

    @Test
    void theHiddenRunSpansItsWordsWithTheirLowestConfidence() {
        List<RecognizedWord> words = List.of(new RecognizedWord("one", 1.0, 1.2, 0.9),
                new RecognizedWord("two", 1.3, 1.5, 0.4), new RecognizedWord("three", 1.6, 1.9, 0.8));
        assertThat(Redaction.of(List.of("numbers")).apply(words, true))
                .containsExactly(new RecognizedWord("***", 1.0, 1.9, 0.4));
    }

    @Test
    void falseOrNoValueHidesNothing() {
        List<RecognizedWord> words = words("four four four four");
        assertThat(Redaction.of(List.of("false")).apply(words, true)).isSameAs(words);
        assertThat(Redaction.of(List.of()).apply(words, true)).isSameAs(words);
    }

    @Test
    void pciHidesACardNumberAndWhatFollowsIt() {
        String card = "four four four four nine nine nine nine three three three three one one one one";
        assertThat(redacted("pci", "my card is " + card + " thanks"))
                .containsExactly("my", "card", "is", "*".repeat(16), "thanks");
        assertThat(redacted("pci", "number " + card + " and then seven two one"))
                .containsExactly("number", "*".repeat(16), "and", "then", "***");
    }

    @Test
    void pciHidesAShortRunThatIsAnnouncedAsCardDataButNotOtherNumbers() {
        assertThat(redacted("pci", "the security code is one two three ok"))
                .containsExactly("the", "security", "code", "is", "***", "ok");
        assertThat(redacted("pci", "i have two cats and three hundred dogs ok"))
                .containsExactly("i", "have", "two", "cats", "and", "three", "hundred", "dogs", "ok");
    }

    @Test
    void ssnHidesNineDigits() {
        assertThat(redacted("ssn", "it is one two three four five six seven eight nine ok"))
                .containsExactly("it", "is", "*********", "ok");
        assertThat(redacted("ssn", "call 911 now")).containsExactly("call", "911", "now");
    }

    @Test
    void aRunThatEndsAFinalIsHiddenEarly() {
        // The rest of the card number may come in the next Results; what is sent cannot be taken back.
        assertThat(redacted("pci", "it is four four four four")).containsExactly("it", "is", "****");
        assertThat(redacted("ssn", "it is one two three")).containsExactly("it", "is", "***");
        assertThat(redacted("numbers", "it is four seven")).containsExactly("it", "is", "**");
        assertThat(redacted("pci", "i am twenty")).containsExactly("i", "am", "twenty");
    }

    @Test
    void anyRunThatEndsAnInterimIsHidden() {
        for (String option : List.of("numbers", "pci", "ssn")) {
            assertThat(texts(Redaction.of(List.of(option)).apply(words("my pin is four"), false)))
                    .containsExactly("my", "pin", "is", "*");
        }
    }

    @Test
    void nineDigitsAreHiddenUnderSsnWhateverCameBefore() {
        Redaction ssn = Redaction.of(List.of("ssn"));
        ssn.apply(wordsFrom(0, "zip nine four one zero five"), true);
        assertThat(texts(ssn.apply(wordsFrom(3, "one two three four five six seven eight nine is mine"), true)))
                .containsExactly("*********", "is", "mine");
    }

    /** A pci redaction whose last final ended on the first half of a card number, at 3.9 s. */
    private static Redaction pciAfterHalfACard() {
        Redaction pci = Redaction.of(List.of("pci"));
        pci.apply(wordsFrom(0, "four four four four nine nine nine nine"), true);
        return pci;
    }

    @Test
    void aFinalWithoutWordsKeepsTheCarry() {
        Redaction pci = pciAfterHalfACard();
        pci.apply(List.of(), true);
        assertThat(texts(pci.apply(wordsFrom(4.5, "three three three three one one one one thanks"), true)))
                .containsExactly("********", "thanks");
    }

    @Test
    void connectorsBetweenNumbersJoinTheRun() {
        assertThat(redacted("numbers", "it costs five hundred and twenty dollars"))
                .containsExactly("it", "costs", "***", "dollars");
        assertThat(redacted("ssn", "it is one two three dash four five dash six seven eight nine ok"))
                .containsExactly("it", "is", "*********", "ok");
        assertThat(redacted("numbers", "bread and butter and one and two ok"))
                .containsExactly("bread", "and", "butter", "and", "one", "and", "two", "ok");
    }

    @Test
    void aRunAfterAnOpeningConnectorContinuesTheLastFinal() {
        Redaction pci = pciAfterHalfACard();
        assertThat(texts(pci.apply(wordsFrom(4.5, "and three three three three one one one one thanks"), true)))
                .containsExactly("and", "********", "thanks");
    }

    @Test
    void cardDataAnnouncedInAnEarlierFinalIsHidden() {
        Redaction pci = Redaction.of(List.of("pci"));
        pci.apply(wordsFrom(0, "and the security code is"), true);
        assertThat(texts(pci.apply(wordsFrom(4, "one two three ok"), true))).containsExactly("***", "ok");
        assertThat(texts(pci.apply(wordsFrom(30, "one two three ok"), true)))
                .containsExactly("one", "two", "three", "ok");
    }

    @Test
    void aRunOpeningWordsThatFollowUnseenAudioIsHidden() {
        Redaction numbers = Redaction.of(List.of("ssn"));
        numbers.continuesUnseenAudio();
        assertThat(texts(numbers.apply(wordsFrom(0.5, "six seven then it was two"), true)))
                .containsExactly("**", "then", "it", "was", "two");
        assertThat(texts(numbers.apply(wordsFrom(3, "six seven then"), true))).containsExactly("six", "seven", "then");
    }

    @Test
    void aCardNumberSplitOverTwoFinalsIsHiddenInBoth() {
        Redaction pci = Redaction.of(List.of("pci"));
        assertThat(texts(pci.apply(wordsFrom(0, "four four four four nine nine nine nine"), true)))
                .containsExactly("********");
        assertThat(texts(pci.apply(wordsFrom(5, "three three three three one one one one ok"), true)))
                .containsExactly("********", "ok");
    }

    @Test
    void anInterimDoesNotMoveWhatTheNextFinalContinues() {
        Redaction numbers = Redaction.of(List.of("numbers"));
        numbers.apply(wordsFrom(0, "call four"), true);
        numbers.apply(wordsFrom(1, "ok"), false);
        // The last final ended on one digit; two more make a run of three across the two finals.
        assertThat(texts(numbers.apply(wordsFrom(1, "two one then"), true))).containsExactly("**", "then");
        assertThat(texts(numbers.apply(wordsFrom(3, "two one then"), true))).containsExactly("two", "one", "then");
    }
}
