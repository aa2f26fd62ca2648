package dev.earshot.server.transcript;

import static dev.earshot.server.transcript.NumberWordsTest.words;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.ModelInfo;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.protocol.ServerMessage.Word;
import dev.earshot.protocol.ServerMessages;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Recognised words to Results (live-api.md §4): spans, formatting across finals, confidence. */
@Timeout(10)
class TranscriptAssemblerTest {
    private static final ResultsMetadata METADATA = new ResultsMetadata("req-1",
            new ModelInfo("vosk-model-small-en-us", "0.3.45", "kaldi"), "uuid-1", Map.of("job", "7"));

    private static TranscriptAssembler assembler(String query) {
        try {
            ListenOptions options = ListenOptionsParser.parse(query);
            return new TranscriptAssembler(0, 1, METADATA, options, SearchTerms.parse(options.values("search")));
        } catch (InvalidParameterException e) {
            throw new AssertionError(e);
        }
    }

    /** Words starting at {@code start}, 0.3 s long, 0.1 s apart, with the given confidences. */
    private static List<RecognizedWord> at(double start, String text, double... confidences) {
        String[] parts = text.split(" ");
        RecognizedWord[] out = new RecognizedWord[parts.length];
        for (int i = 0; i < parts.length; i++) {
            double confidence = confidences.length > i ? confidences[i] : 0.9;
            out[i] = new RecognizedWord(parts[i], start + i * 0.4, start + i * 0.4 + 0.3, confidence);
        }
        return List.of(out);
    }

    @Test
    void aFinalResultCarriesSpanFlagsAndMetadata() {
        ResultsMessage results = assembler("punctuate=true").finalResult(at(1.2, "hello world"), 1.0, 2.5, true, false);
        assertThat(results.channelIndex()).isZero();
        assertThat(results.channelCount()).isEqualTo(1);
        assertThat(results.start()).isEqualTo(1.0);
        assertThat(results.duration()).isEqualTo(1.5);
        assertThat(results.isFinal()).isTrue();
        assertThat(results.speechFinal()).isTrue();
        assertThat(results.fromFinalize()).isFalse();
        assertThat(results.metadata()).isEqualTo(METADATA);
        assertThat(results.alternative()).isEqualTo(new Alternative("Hello world.", 0.9, List.of(
                new Word("hello", 1.2, 1.5, 0.9, "Hello"), new Word("world", 1.6, 1.9, 0.9, "world."))));
    }

    @Test
    void searchTermsAreFoundInTheWordsOfEveryResults() {
        TranscriptAssembler assembler = assembler("search=smooth%20blanks&search=Canoe&search=absent");
        ResultsMessage interim = assembler.interim(at(0, "the birch canoe slid under smooth blanks", 0.9, 0.9, 0.8,
                0.9, 0.9, 0.7, 0.5), 0, 3);
        assertThat(interim.search()).extracting(ServerMessage.Search::query).containsExactly("smooth blanks", "Canoe",
                "absent");
        assertThat(interim.search().get(0).hits()).containsExactly(new ServerMessage.Hit(0.6, 2.0, 2.7, "smooth blanks"));
        assertThat(interim.search().get(1).hits()).containsExactly(new ServerMessage.Hit(0.8, 0.8, 1.1, "canoe"));
        assertThat(interim.search().get(2).hits()).isEmpty();
        assertThat(ServerMessages.toJson(interim)).contains("\"channel\":{\"search\":[{\"query\":\"smooth blanks\","
                + "\"hits\":[{\"confidence\":0.6,\"start\":2.0,\"end\":2.7,\"snippet\":\"smooth blanks\"}]}");
        assertThat(assembler("").interim(at(0, "canoe"), 0, 1).search()).isEmpty();
        assertThat(ServerMessages.toJson(assembler("").interim(at(0, "canoe"), 0, 1))).doesNotContain("search");
    }

    @Test
    void theChannelIsPassedThrough() throws Exception {
        ResultsMessage results = new TranscriptAssembler(1, 2, METADATA, ListenOptionsParser.parse(""), SearchTerms.NONE)
                .finalResult(at(0, "hi"), 0, 1, false, true);
        assertThat(results.channelIndex()).isEqualTo(1);
        assertThat(results.channelCount()).isEqualTo(2);
        assertThat(results.fromFinalize()).isTrue();
        assertThat(ServerMessages.toJson(results)).startsWith("{\"type\":\"Results\",\"channel_index\":[1,2],");
    }

    @Test
    void spanTimesAreRoundedAndNeverNegative() {
        TranscriptAssembler assembler = assembler("");
        ResultsMessage results = assembler.finalResult(List.of(), 1.23456, 2.34567, false, false);
        assertThat(results.start()).isEqualTo(1.235);
        assertThat(results.duration()).isEqualTo(1.111);
        assertThat(assembler.interim(List.of(), 3.0, 2.0).duration()).isEqualTo(0.0);
    }

    @Test
    void noWordsGiveTheEmptyAlternative() {
        ResultsMessage results = assembler("smart_format=true").finalResult(List.of(), 0.0, 3.0, true, false);
        assertThat(results.alternative()).isEqualTo(Alternative.EMPTY);
        assertThat(results.alternative().transcript()).isEmpty();
        assertThat(results.alternative().confidence()).isEqualTo(0.0);
        assertThat(results.alternative().words()).isEmpty();
        assertThat(ServerMessages.toJson(results))
                .contains("\"alternatives\":[{\"transcript\":\"\",\"confidence\":0.0,\"words\":[]}]");
    }

    @Test
    void confidenceIsTheMeanOfWordConfidences() {
        ResultsMessage results = assembler("").finalResult(at(0, "a b c", 0.9, 0.8, 0.7), 0, 2, false, false);
        assertThat(results.alternative().confidence()).isCloseTo(0.8, within(1e-9));
        ResultsMessage two = assembler("").finalResult(at(0, "a b", 0.91, 0.82), 0, 2, false, false);
        assertThat(two.alternative().confidence()).isEqualTo(0.865);
    }

    @Test
    void confidenceIsTheMeanOverFormattedWords() {
        // "twenty three" merges into one word with the lower confidence; the mean is over what the client sees.
        ResultsMessage results = assembler("smart_format=true").finalResult(at(0, "twenty three apples", 0.9, 0.5, 0.7), 0, 2,
                true, false);
        assertThat(results.alternative().transcript()).isEqualTo("23 apples.");
        assertThat(results.alternative().confidence()).isCloseTo(0.6, within(1e-9));
    }

    @Test
    void interimResultsAreNotFinalAndHaveNoPeriod() {
        TranscriptAssembler assembler = assembler("punctuate=true");
        ResultsMessage interim = assembler.interim(at(0.5, "hello there"), 0.0, 1.5);
        assertThat(interim.isFinal()).isFalse();
        assertThat(interim.speechFinal()).isFalse();
        assertThat(interim.fromFinalize()).isFalse();
        assertThat(interim.alternative().transcript()).isEqualTo("Hello there");
        // an interim does not move the sentence start: the final that replaces it starts the sentence too
        assertThat(assembler.interim(at(0.5, "hello there friend"), 0.0, 2.0).alternative().transcript())
                .isEqualTo("Hello there friend");
        assertThat(assembler.finalResult(at(0.5, "hello there friend"), 0.0, 2.0, true, false)
                .alternative().transcript()).isEqualTo("Hello there friend.");
    }

    @Test
    void sentenceStartIsCarriedAcrossFinals() {
        TranscriptAssembler assembler = assembler("punctuate=true");
        assertThat(assembler.finalResult(at(0, "so i went"), 0, 1.5, false, false).alternative().transcript())
                .isEqualTo("So I went");
        // no speech_final: the next final continues the sentence
        ResultsMessage middle = assembler.interim(at(1.5, "to the"), 1.5, 2.5);
        assertThat(middle.alternative().transcript()).isEqualTo("to the");
        assertThat(assembler.finalResult(at(1.5, "to the shop"), 1.5, 3.0, true, false).alternative().transcript())
                .isEqualTo("to the shop.");
        // after speech_final, a new sentence
        assertThat(assembler.interim(at(3.5, "then"), 3.0, 4.0).alternative().transcript()).isEqualTo("Then");
        assertThat(assembler.finalResult(at(3.5, "then home"), 3.0, 4.5, false, true).alternative().transcript())
                .isEqualTo("Then home");
        assertThat(assembler.finalResult(at(4.5, "again"), 4.5, 5.0, true, false).alternative().transcript())
                .isEqualTo("again.");
    }

    @Test
    void anEmptyFinalDoesNotEndOrStartASentence() {
        TranscriptAssembler assembler = assembler("punctuate=true");
        assembler.finalResult(at(0, "well"), 0, 1, false, false);
        assertThat(assembler.finalResult(List.of(), 1, 2, false, false).alternative()).isEqualTo(Alternative.EMPTY);
        assertThat(assembler.finalResult(at(2, "okay"), 2, 3, true, false).alternative().transcript())
                .isEqualTo("okay.");

        TranscriptAssembler fresh = assembler("punctuate=true");
        fresh.finalResult(List.of(), 0, 1, false, false);
        assertThat(fresh.finalResult(at(1, "okay"), 1, 2, false, false).alternative().transcript()).isEqualTo("Okay");
    }

    @Test
    void anEmptySpeechFinalStartsANewSentence() {
        TranscriptAssembler assembler = assembler("punctuate=true");
        assembler.finalResult(at(0, "well"), 0, 1, false, false);
        assembler.finalResult(List.of(), 1, 2, true, false);
        assertThat(assembler.finalResult(at(2, "okay"), 2, 3, false, false).alternative().transcript())
                .isEqualTo("Okay");
    }

    @Test
    void withoutPunctuationTheTranscriptIsTheRawWords() {
        ResultsMessage results = assembler("").finalResult(at(0, "i'm twenty three"), 0, 2, true, false);
        assertThat(results.alternative().transcript()).isEqualTo("i'm twenty three");
        assertThat(results.alternative().words()).extracting(Word::punctuatedWord).containsOnlyNulls();
    }

    @Test
    void redactProfanityFillersAndDictationComeFromTheQuery() {
        TranscriptAssembler assembler = assembler("punctuate=true&dictation=true&profanity_filter=true&redact=numbers");
        ResultsMessage first = assembler.finalResult(at(0, "um my damn pin is four seven two period"), 0, 4, false,
                false);
        assertThat(first.alternative().transcript()).isEqualTo("My **** pin is ***.");
        // The dictated period ended the sentence although speech did not end: the next final starts one.
        ResultsMessage second = assembler.finalResult(at(5, "thanks"), 5, 6, true, false);
        assertThat(second.alternative().transcript()).isEqualTo("Thanks.");
    }

    @Test
    void aRedactedRunThatEndsAFinalIsContinuedByTheNext() {
        TranscriptAssembler assembler = assembler("redact=pci&interim_results=true");
        assertThat(assembler.finalResult(at(0, "card four four four four nine nine nine nine"), 0, 4, false, false)
                .alternative().transcript()).isEqualTo("card ********");
        assertThat(assembler.interim(at(4, "three three three three one"), 4, 6).alternative().transcript())
                .isEqualTo("*****");
        assertThat(assembler.finalResult(at(4, "three three three three one one one one"), 4, 8, true, false)
                .alternative().transcript()).isEqualTo("********");
    }
}
