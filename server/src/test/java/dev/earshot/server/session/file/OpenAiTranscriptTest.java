package dev.earshot.server.session.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.earshot.protocol.ServerMessage.Word;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The measured fields of OpenAI's segments, from what this engine gives. */
@Timeout(10)
class OpenAiTranscriptTest {
    @Test
    void compressionRatioFlagsRepetitionAsWhispersDoes() {
        // Whisper treats a ratio over 2.4 as a decoder stuck repeating itself.
        assertThat(OpenAiTranscript.compressionRatio("the birch canoe slid on the smooth planks")).isLessThan(1.5);
        assertThat(OpenAiTranscript.compressionRatio("thank you ".repeat(30))).isGreaterThan(2.4);
        assertThat(OpenAiTranscript.compressionRatio("")).isZero();
    }

    @Test
    void averageLogProbabilityIsTheMeanLogOfTheWordConfidences() {
        List<Word> words = List.of(new Word("a", 0, 0.1, 1.0, null), new Word("b", 0.1, 0.2, 0.5, null));

        assertThat(OpenAiTranscript.averageLogProbability(words)).isCloseTo(Math.log(0.5) / 2, within(1e-4));
        assertThat(OpenAiTranscript.averageLogProbability(List.of(new Word("c", 0, 1, 0.0, null))))
                .isCloseTo(Math.log(1e-6), within(1e-4));
    }

    @Test
    void languagesAreNamedInEnglishAsWhisperNamesThem() {
        assertThat(OpenAiTranscript.languageName("en")).isEqualTo("english");
        assertThat(OpenAiTranscript.languageName("en-US")).isEqualTo("english");
        assertThat(OpenAiTranscript.languageName("de")).isEqualTo("german");
    }
}
