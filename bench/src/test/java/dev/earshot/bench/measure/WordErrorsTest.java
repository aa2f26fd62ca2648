package dev.earshot.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WordErrorsTest {
    @Test
    void countsSubstitutionsDeletionsAndInsertionsIgnoringCaseAndPunctuation() {
        assertThat(WordErrors.between("The birch canoe slid on the smooth planks.", "the birch canoe slid under smooth blanks"))
                .isEqualTo(new WordErrors(3, 8)); // on->under, the deleted, planks->blanks
        assertThat(WordErrors.between("Glue the sheet.", "glue the the sheet")).isEqualTo(new WordErrors(1, 3));
        assertThat(WordErrors.between("It's easy!", "it's easy")).isEqualTo(new WordErrors(0, 2));
    }

    /** The human set's references spell numbers and drop apostrophes; a transcript with digits or "don't" matches. */
    @Test
    void digitsAndNumberWordsCompareEqualAndApostrophesDoNotCount() {
        assertThat(WordErrors.between("press one two three for forty two and nine hundred five",
                "press 1 2 3 for 42 and 905")).isEqualTo(new WordErrors(0, 11));
        assertThat(WordErrors.between("dial one zero zero zero", "dial 1000")).isEqualTo(new WordErrors(0, 5));
        assertThat(WordErrors.between("please dont hang up", "please don't hang up")).isEqualTo(new WordErrors(0, 4));
        assertThat(WordErrors.between("ten", "11")).isEqualTo(new WordErrors(1, 1));
    }

    @Test
    void addsUpAcrossStreamsBeforeDividing() {
        WordErrors total = WordErrors.between("a b c d", "a b c d").plus(WordErrors.between("e f", "x"));
        assertThat(total).isEqualTo(new WordErrors(2, 6));
        assertThat(total.rate()).isEqualTo(2.0 / 6);
        assertThat(WordErrors.NONE.rate()).isNull();
    }
}
