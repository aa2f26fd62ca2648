package dev.earshot.server.transcript;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Spoken English numbers written as digits, one word spanning the words it replaces. */
@Timeout(10)
class NumberWordsTest {

    /** Words at 0.5 s steps, each 0.4 s long, confidence 0.9 unless given. */
    static List<RecognizedWord> words(String text) {
        List<RecognizedWord> out = new ArrayList<>();
        String[] parts = text.split(" ");
        for (int i = 0; i < parts.length; i++) {
            out.add(new RecognizedWord(parts[i], i * 0.5, i * 0.5 + 0.4, 0.9));
        }
        return out;
    }

    static List<String> texts(List<RecognizedWord> words) {
        return words.stream().map(RecognizedWord::text).toList();
    }

    @Test
    void twentyThreeBecomesOneWordSpanningBoth() {
        List<RecognizedWord> in = List.of(new RecognizedWord("twenty", 1.0, 1.3, 0.95),
                new RecognizedWord("three", 1.35, 1.8, 0.7));
        assertThat(NumberWords.toDigits(in, false)).containsExactly(new RecognizedWord("23", 1.0, 1.8, 0.7));
        assertThat(NumberWords.toDigits(in, true)).containsExactly(new RecognizedWord("23", 1.0, 1.8, 0.7));
    }

    @Test
    void oneHundredAndFive() {
        List<RecognizedWord> in = words("one hundred and five");
        assertThat(NumberWords.toDigits(in, false)).containsExactly(new RecognizedWord("105", 0.0, 1.9, 0.9));
    }

    @Test
    void twoThousandTwentyFour() {
        List<RecognizedWord> in = words("in two thousand twenty four we");
        assertThat(NumberWords.toDigits(in, true)).containsExactly(in.get(0),
                new RecognizedWord("2024", 0.5, 2.4, 0.9), in.get(5));
    }

    @ParameterizedTest
    @CsvSource({
            "'three hundred', '300'",
            "'one thousand and one', '1001'",
            "'one hundred twenty three thousand four hundred fifty six', '123456'",
            "'five million two hundred thousand', '5200000'",
            "'two billion', '2000000000'",
            "'ninety nine', '99'",
            "'seventeen', '17'",
            "'forty', '40'",
            "'ten', '10'",
            "'twenty eleven', '20 11'",
            "'one two', '1 2'",
            "'one two three', '1 2 3'",
            "'twenty twenty', '20 20'",
            "'one hundred hundred', '100 hundred'",
            "'one hundred and', '100 and'",
            "'and five', 'and 5'",
            "'a hundred', 'a hundred'",
            "'thousand', 'thousand'",
            "'zero', '0'",
            "'one thousand thousand', '1000 thousand'",
            "'hundred', 'hundred'"})
    void numeralsWriteEveryNumber(String spoken, String written) {
        assertThat(String.join(" ", texts(NumberWords.toDigits(words(spoken), false)))).isEqualTo(written);
    }

    @Test
    void oneTwoStaysTwoNumbersWithTheirOwnTimes() {
        List<RecognizedWord> in = words("one two");
        assertThat(NumberWords.toDigits(in, false)).containsExactly(new RecognizedWord("1", 0.0, 0.4, 0.9),
                new RecognizedWord("2", 0.5, 0.9, 0.9));
        assertThat(NumberWords.toDigits(in, true)).containsExactly(in.get(0), in.get(1));
    }

    @Test
    void smartFormattingKeepsALoneSmallNumberInWords() {
        List<RecognizedWord> in = words("one of them");
        assertThat(NumberWords.toDigits(in, true)).containsExactlyElementsOf(in);
        assertThat(texts(NumberWords.toDigits(in, false))).containsExactly("1", "of", "them");
        assertThat(texts(NumberWords.toDigits(words("nine lives"), true))).containsExactly("nine", "lives");
        assertThat(texts(NumberWords.toDigits(words("ten lives"), true))).containsExactly("10", "lives");
        assertThat(texts(NumberWords.toDigits(words("zero"), true))).containsExactly("zero");
    }

    @Test
    void aSmallNumberInAPhraseIsStillWritten() {
        assertThat(texts(NumberWords.toDigits(words("five hundred"), true))).containsExactly("500");
    }

    @Test
    void nonNumberWordsAreUntouched() {
        List<RecognizedWord> in = words("hello there and good morning");
        List<RecognizedWord> out = NumberWords.toDigits(in, false);
        assertThat(out).hasSize(in.size());
        for (int i = 0; i < in.size(); i++) {
            assertThat(out.get(i)).isSameAs(in.get(i));
        }
        assertThat(NumberWords.toDigits(List.of(), false)).isEmpty();
    }

    @Test
    void confidenceIsTheMinimumOfTheMergedWords() {
        List<RecognizedWord> in = List.of(new RecognizedWord("one", 0, 0.2, 0.99),
                new RecognizedWord("hundred", 0.2, 0.5, 0.42), new RecognizedWord("and", 0.5, 0.6, 0.1),
                new RecognizedWord("six", 0.6, 0.9, 0.8), new RecognizedWord("apples", 1.0, 1.4, 0.3));
        // "and" is swallowed into the number: its confidence counts too.
        assertThat(NumberWords.toDigits(in, false)).containsExactly(new RecognizedWord("106", 0, 0.9, 0.1),
                in.get(4));
    }

    @Test
    void numbersAmongWords() {
        assertThat(String.join(" ", texts(NumberWords.toDigits(
                words("i have twenty five cats and three dogs"), true))))
                .isEqualTo("i have 25 cats and three dogs");
        assertThat(String.join(" ", texts(NumberWords.toDigits(
                words("i have twenty five cats and three dogs"), false))))
                .isEqualTo("i have 25 cats and 3 dogs");
    }
}
