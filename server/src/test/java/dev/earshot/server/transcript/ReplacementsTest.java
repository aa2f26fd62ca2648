package dev.earshot.server.transcript;

import static dev.earshot.server.transcript.NumberWordsTest.texts;
import static dev.earshot.server.transcript.NumberWordsTest.words;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ServerMessage.Word;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ReplacementsTest {
    @Test
    void wordsAndPhrasesAreReplacedWholeAndWithoutRegardToCase() {
        Replacements replace = Replacements.parse(List.of("monika:Monica", "NEW YORK CITY:NYC", "new york:New York"));
        List<RecognizedWord> out = replace.apply(words("monika moved from new york city to new york monikas"));
        assertThat(texts(out)).containsExactly("Monica", "moved", "from", "NYC", "to", "New York", "monikas");
        RecognizedWord nyc = out.get(3);
        assertThat(nyc.startSec()).isEqualTo(1.5);
        assertThat(nyc.endSec()).isEqualTo(2.9);
    }

    @Test
    void aPhraseTakesTheLowestConfidenceOfItsWords() {
        List<RecognizedWord> words = List.of(new RecognizedWord("smooth", 0, 0.4, 0.9),
                new RecognizedWord("blanks", 0.5, 0.9, 0.6));
        assertThat(Replacements.parse(List.of("smooth blanks:smooth planks")).apply(words))
                .containsExactly(new RecognizedWord("smooth planks", 0, 0.9, 0.6));
    }

    @Test
    void aTermWithoutReplacementIsRemoved() {
        assertThat(texts(Replacements.parse(List.of("um", "uh:")).apply(words("um so uh yes"))))
                .containsExactly("so", "yes");
    }

    @Test
    void nothingToFindChangesNothing() {
        List<RecognizedWord> words = words("hello world");
        assertThat(Replacements.parse(List.of(":x", " ")).apply(words)).isSameAs(words);
        assertThat(Replacements.NONE.apply(words)).isSameAs(words);
    }

    /** They see numbers as digits when those are asked for, and the sentence's capital comes after. */
    @Test
    void replacementsComeAfterDigitsAndBeforeSentenceCase() {
        Formatting smart = new Formatting(false, true, false, false, false, false);
        List<Word> out = new TextFormatter(smart, Replacements.parse(List.of("5:five", "pounds:lbs")), Redaction.of(List.of()))
                .format(words("five pounds"), true, true, true);
        assertThat(out).extracting(Word::punctuatedWord).containsExactly("Five", "lbs.");
    }
}
