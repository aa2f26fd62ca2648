package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** live-api.md §2, row by row: defaults, values, lists, contradictions and the 400 messages. */
@Timeout(10)
class ListenOptionsParserTest {

    private static ListenOptions parse(String query) throws InvalidParameterException {
        return ListenOptionsParser.parse(query);
    }

    private static InvalidParameterException rejected(String query) {
        InvalidParameterException e = catchThrowableOfType(InvalidParameterException.class, () -> parse(query));
        assertThat(e).as("query %s must be refused", query).isNotNull();
        return e;
    }

    @Nested
    class Defaults {
        @Test
        void emptyAndNullQueriesGiveTheDocumentedDefaults() throws Exception {
            assertThat(parse("")).isEqualTo(ListenOptions.defaults());
            assertThat(parse((String) null)).isEqualTo(ListenOptions.defaults());
        }

        @Test
        void everyDefaultOfTheTable() throws Exception {
            ListenOptions options = parse("");
            assertThat(options.encoding()).isEmpty();
            assertThat(options.sampleRateHz()).isEmpty();
            assertThat(options.channels()).isEqualTo(1);
            assertThat(options.multichannel()).isFalse();
            assertThat(options.interimResults()).isFalse();
            assertThat(options.endpointing()).isEqualTo(new Endpointing(true, 10));
            assertThat(options.utteranceEndMs()).isEmpty();
            assertThat(options.vadEvents()).isFalse();
            assertThat(options.formatting()).isEqualTo(new Formatting(false, false, false, false, false, false));
            assertThat(options.model()).isEmpty();
            assertThat(options.language()).isEqualTo("en");
            assertThat(options.extra()).isEmpty();
            assertThat(options.parameters()).isEmpty();
        }

        @Test
        void emptyPairsBetweenAmpersandsAreSkipped() throws Exception {
            assertThat(parse("&&punctuate=true&").formatting().punctuate()).isTrue();
        }
    }

    @Nested
    class EncodingAndSampleRate {
        @ParameterizedTest
        @EnumSource(Encoding.class)
        void everyEncodingOfTheTableIsAccepted(Encoding encoding) throws Exception {
            ListenOptions options = parse("encoding=" + encoding.wireName() + "&sample_rate=8000");
            assertThat(options.encoding()).contains(encoding);
            assertThat(options.sampleRateHz()).isEqualTo(OptionalInt.of(8000));
        }

        @Test
        void wireNamesAreExactlyThoseOfTheSpec() {
            assertThat(Encoding.allWireNames()).isEqualTo(
                    "linear16, linear32, flac, mulaw, alaw, amr-nb, amr-wb, opus, ogg-opus, speex, g729");
        }

        @Test
        void unknownEncodingNamesTheParameterAndTheAllowedValues() {
            InvalidParameterException e = rejected("encoding=mp3&sample_rate=16000");
            assertThat(e.parameter()).isEqualTo("encoding");
            assertThat(e.getMessage())
                    .startsWith("Invalid value 'mp3' for parameter 'encoding': expected one of linear16, linear32, flac,")
                    .contains("g729");
        }

        @Test
        void encodingWithoutSampleRateIsAContradiction() {
            InvalidParameterException e = rejected("encoding=linear16");
            assertThat(e.parameter()).isEqualTo("sample_rate");
            assertThat(e.getMessage()).contains("'sample_rate'").contains("'encoding'").contains("required");
        }

        @Test
        void sampleRateIsIgnoredWithoutEncoding() throws Exception {
            ListenOptions options = parse("sample_rate=16000");
            assertThat(options.encoding()).isEmpty();
            assertThat(options.sampleRateHz()).isEmpty();
            assertThat(options.values("sample_rate")).containsExactly("16000");
        }

        @Test
        void nonNumericSampleRateFollowsTheMessageTemplate() {
            InvalidParameterException e = rejected("encoding=linear16&sample_rate=abc");
            assertThat(e.parameter()).isEqualTo("sample_rate");
            assertThat(e.getMessage()).isEqualTo(
                    "Invalid value 'abc' for parameter 'sample_rate': expected an integer number of Hz from 1000 to 384000");
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-16000", "999", "384001", "16000.5", "16k", "", "99999999999"})
        void outOfRangeOrMalformedSampleRatesAreRefused(String value) {
            InvalidParameterException e = rejected("encoding=linear16&sample_rate=" + value);
            assertThat(e.parameter()).isEqualTo("sample_rate");
            assertThat(e.getMessage()).startsWith("Invalid value '" + value + "' for parameter 'sample_rate': expected ");
        }

        @ParameterizedTest
        @ValueSource(ints = {1000, 8000, 16000, 44100, 48000, 384000})
        void sampleRatesWithinBoundsAreKept(int rate) throws Exception {
            assertThat(parse("encoding=mulaw&sample_rate=" + rate).sampleRateHz()).isEqualTo(OptionalInt.of(rate));
        }
    }

    @Nested
    class Channels {
        @Test
        void channelsAreParsed() throws Exception {
            assertThat(parse("channels=2").channels()).isEqualTo(2);
            assertThat(parse("channels=255").channels()).isEqualTo(255);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0", "-1", "256", "two", "1.5"})
        void badChannelCountsAreRefused(String value) {
            InvalidParameterException e = rejected("channels=" + value);
            assertThat(e.parameter()).isEqualTo("channels");
            assertThat(e.getMessage()).isEqualTo(
                    "Invalid value '" + value + "' for parameter 'channels': expected an integer from 1 to 255");
        }
    }

    @Nested
    class Booleans {
        @Test
        void eachFlagLandsInItsOwnField() throws Exception {
            assertThat(parse("multichannel=true").multichannel()).isTrue();
            assertThat(parse("interim_results=true").interimResults()).isTrue();
            assertThat(parse("vad_events=true").vadEvents()).isTrue();
            assertThat(parse("punctuate=true").formatting()).isEqualTo(new Formatting(true, false, false, false, false, false));
            assertThat(parse("smart_format=true").formatting()).isEqualTo(new Formatting(false, true, false, false, false, false));
            assertThat(parse("numerals=true").formatting()).isEqualTo(new Formatting(false, false, true, false, false, false));
            assertThat(parse("profanity_filter=true").formatting()).isEqualTo(new Formatting(false, false, false, true, false, false));
            assertThat(parse("filler_words=true").formatting()).isEqualTo(new Formatting(false, false, false, false, true, false));
            assertThat(parse("dictation=true").formatting()).isEqualTo(new Formatting(false, false, false, false, false, true));
        }

        @Test
        void falseIsFalse() throws Exception {
            ListenOptions options = parse("multichannel=false&interim_results=false&vad_events=false&punctuate=false");
            assertThat(options.multichannel()).isFalse();
            assertThat(options.interimResults()).isFalse();
            assertThat(options.vadEvents()).isFalse();
            assertThat(options.formatting().punctuate()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"True", "TRUE", "tRuE"})
        void booleansAreCaseInsensitive(String value) throws Exception {
            ListenOptions options = parse("interim_results=" + value + "&smart_format=" + value);
            assertThat(options.interimResults()).isTrue();
            assertThat(options.formatting().smartFormat()).isTrue();
            assertThat(parse("vad_events=FALSE").vadEvents()).isFalse();
        }

        @ParameterizedTest
        @ValueSource(strings = {"yes", "1", "0", "on", "", "truee"})
        void nonBooleansAreRefused(String value) {
            InvalidParameterException e = rejected("punctuate=" + value);
            assertThat(e.parameter()).isEqualTo("punctuate");
            assertThat(e.getMessage()).isEqualTo(
                    "Invalid value '" + value + "' for parameter 'punctuate': expected true or false");
        }

        @ParameterizedTest
        @ValueSource(strings = {"multichannel", "interim_results", "vad_events", "punctuate", "smart_format",
                "numerals", "profanity_filter", "filler_words", "dictation", "diarize", "detect_entities",
                "mip_opt_out", "no_delay"})
        void everyBooleanParameterRefusesYes(String name) {
            InvalidParameterException e = rejected(name + "=yes");
            assertThat(e.parameter()).isEqualTo(name);
            assertThat(e.getMessage()).startsWith("Invalid value 'yes' for parameter '" + name + "': expected true or false");
        }
    }

    @Nested
    class EndpointingAndUtteranceEnd {
        @Test
        void absentEndpointingIsTenMilliseconds() throws Exception {
            Endpointing endpointing = parse("").endpointing();
            assertThat(endpointing.enabled()).isTrue();
            assertThat(endpointing.silenceMs()).isEqualTo(10);
        }

        @Test
        void falseDisablesEndpointing() throws Exception {
            assertThat(parse("endpointing=false").endpointing()).isEqualTo(Endpointing.DISABLED);
            assertThat(parse("endpointing=False").endpointing().enabled()).isFalse();
        }

        @Test
        void aNumberIsTheSilenceInMilliseconds() throws Exception {
            assertThat(parse("endpointing=300").endpointing()).isEqualTo(new Endpointing(true, 300));
            assertThat(parse("endpointing=0").endpointing()).isEqualTo(new Endpointing(true, 0));
        }

        @ParameterizedTest
        @ValueSource(strings = {"-5", "abc", "1.5", ""})
        void badEndpointingValuesAreRefused(String value) {
            InvalidParameterException e = rejected("endpointing=" + value);
            assertThat(e.parameter()).isEqualTo("endpointing");
            assertThat(e.getMessage()).isEqualTo("Invalid value '" + value
                    + "' for parameter 'endpointing': expected a number of milliseconds >= 0, or false to disable endpointing");
        }

        @Test
        void utteranceEndMsWithInterimResults() throws Exception {
            ListenOptions options = parse("interim_results=true&utterance_end_ms=1000");
            assertThat(options.utteranceEndMs()).isEqualTo(OptionalInt.of(1000));
            assertThat(parse("utterance_end_ms=2500&interim_results=True").utteranceEndMs())
                    .isEqualTo(OptionalInt.of(2500));
        }

        @Test
        void utteranceEndMsBelowOneSecondIsRefused() {
            InvalidParameterException e = rejected("interim_results=true&utterance_end_ms=500");
            assertThat(e.parameter()).isEqualTo("utterance_end_ms");
            assertThat(e.getMessage()).isEqualTo(
                    "Invalid value '500' for parameter 'utterance_end_ms': expected an integer number of milliseconds >= 1000");
        }

        @Test
        void utteranceEndMsWithoutInterimResultsIsAContradiction() {
            for (String query : List.of("utterance_end_ms=1000", "utterance_end_ms=1000&interim_results=false")) {
                InvalidParameterException e = rejected(query);
                assertThat(e.parameter()).isEqualTo("utterance_end_ms");
                assertThat(e.getMessage()).contains("'utterance_end_ms'").contains("interim_results=true");
            }
        }
    }

    @Nested
    class Lists {
        @Test
        void repeatedListParametersKeepTheirOrder() throws Exception {
            ListenOptions options = parse("keyterm=zeta&keyterm=alpha&keyterm=mid&tag=t2&tag=t1"
                    + "&search=b&search=a&keywords=k2:3&keywords=k1&redact=ssn&redact=pci&redact=numbers"
                    + "&replace=foo:bar&replace=a:b");
            assertThat(options.values("keyterm")).containsExactly("zeta", "alpha", "mid");
            assertThat(options.values("tag")).containsExactly("t2", "t1");
            assertThat(options.values("search")).containsExactly("b", "a");
            assertThat(options.values("keywords")).containsExactly("k2:3", "k1");
            assertThat(options.values("redact")).containsExactly("ssn", "pci", "numbers");
            assertThat(options.values("replace")).containsExactly("foo:bar", "a:b");
        }

        @Test
        void parametersKeepTheOrderSent() throws Exception {
            ListenOptions options = parse("tag=x&punctuate=true&keyterm=a&model=nova-3&keyterm=b");
            assertThat(options.parameters().keySet()).containsExactly("tag", "punctuate", "keyterm", "model");
            assertThat(options.has("model")).isTrue();
            assertThat(options.has("language")).isFalse();
            assertThat(options.values("language")).isEmpty();
        }

        @Test
        void plusAndPercentTwentyAreBothSpaces() throws Exception {
            ListenOptions options = parse("keyterm=hello+world&keyterm=second%20term&keyterm=a%2Bb&search=caf%C3%A9");
            assertThat(options.values("keyterm")).containsExactly("hello world", "second term", "a+b");
            assertThat(options.values("search")).containsExactly("café");
        }

        @Test
        void sameListValueTwiceIsKeptTwice() throws Exception {
            assertThat(parse("keyterm=a&keyterm=a").values("keyterm")).containsExactly("a", "a");
        }

        @ParameterizedTest
        @ValueSource(strings = {"pci", "ssn", "numbers", "aggressive_numbers", "true", "false"})
        void everyRedactValueIsAccepted(String value) throws Exception {
            assertThat(parse("redact=" + value).values("redact")).containsExactly(value);
        }

        @Test
        void unknownRedactValueIsRefused() {
            InvalidParameterException e = rejected("redact=pci&redact=foo");
            assertThat(e.parameter()).isEqualTo("redact");
            assertThat(e.getMessage()).isEqualTo(
                    "Invalid value 'foo' for parameter 'redact': expected one of pci, ssn, numbers, aggressive_numbers, true, false");
        }

        @ParameterizedTest
        @ValueSource(strings = {"foo", ":bar", ""})
        void replaceNeedsFindColonReplacement(String value) {
            InvalidParameterException e = rejected("replace=" + value);
            assertThat(e.parameter()).isEqualTo("replace");
            assertThat(e.getMessage()).isEqualTo(
                    "Invalid value '" + value + "' for parameter 'replace': expected find:replacement");
        }

        @Test
        void replaceWithEmptyReplacementIsAccepted() throws Exception {
            assertThat(parse("replace=um:").values("replace")).containsExactly("um:");
        }

        @ParameterizedTest
        @ValueSource(strings = {"keyterm", "keywords", "search", "tag", "model", "version", "tier", "callback",
                "diarize_model"})
        void textParametersMustNotBeEmpty(String name) {
            InvalidParameterException e = rejected(name + "=");
            assertThat(e.parameter()).isEqualTo(name);
            assertThat(e.getMessage()).isEqualTo(
                    "Invalid value '' for parameter '" + name + "': expected a non-empty value");
        }
    }

    @Nested
    class Extra {
        @Test
        void bothFormsLandInExtra() throws Exception {
            ListenOptions options = parse("extra=team:blue&extra%5Bshift%5D=night&extra[run]=42");
            assertThat(options.extra()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("team", "blue", "shift", "night", "run", "42"));
        }

        @Test
        void onlyTheFirstColonSplits() throws Exception {
            assertThat(parse("extra=url:http://x").extra()).containsExactlyEntriesOf(Map.of("url", "http://x"));
        }

        @Test
        void valuesAreDecodedWithSpaces() throws Exception {
            assertThat(parse("extra=who:Ada+Lovelace&extra[where]=London%20UK").extra())
                    .containsExactlyInAnyOrderEntriesOf(Map.of("who", "Ada Lovelace", "where", "London UK"));
        }

        @Test
        void aRepeatedKeyKeepsTheLastValue() throws Exception {
            assertThat(parse("extra=k:1&extra=k:2").extra()).containsExactlyEntriesOf(Map.of("k", "2"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"novalue", ":value", ""})
        void extraWithoutKeyColonValueIsRefused(String value) {
            InvalidParameterException e = rejected("extra=" + value);
            assertThat(e.parameter()).isEqualTo("extra");
            assertThat(e.getMessage()).isEqualTo(
                    "Invalid value '" + value + "' for parameter 'extra': expected key:value");
        }

        @Test
        void anOverlongPairIsRefused() {
            String value = "k:" + "v".repeat(ListenOptionsParser.MAX_EXTRA_PAIR_CHARS);
            InvalidParameterException e = rejected("extra=" + value);
            assertThat(e.parameter()).isEqualTo("extra");
            assertThat(e.getMessage()).contains("for parameter 'extra'").contains("2048");
        }
    }

    @Nested
    class ModelVersionLanguage {
        @Test
        void modelVersionAndLanguageAreKept() throws Exception {
            ListenOptions options = parse("model=nova-3&version=latest&language=en-US");
            assertThat(options.model()).isEqualTo(Optional.of("nova-3"));
            assertThat(options.values("version")).containsExactly("latest");
            assertThat(options.language()).isEqualTo("en-US");
        }

        @ParameterizedTest
        @ValueSource(strings = {"e+n", "e%20n", "english!", "x", "en_US", "-en"})
        void malformedLanguageTagsAreRefused(String raw) {
            InvalidParameterException e = rejected("language=" + raw);
            assertThat(e.parameter()).isEqualTo("language");
            assertThat(e.getMessage()).startsWith("Invalid value '").contains("' for parameter 'language': expected ")
                    .contains("BCP-47");
        }

        @Test
        void languageWithSpaceNamesTheDecodedValue() {
            assertThat(rejected("language=e+n").getMessage())
                    .isEqualTo("Invalid value 'e n' for parameter 'language': expected a BCP-47 language tag such as en or en-US");
        }
    }

    @Nested
    class AcceptedButUnsupported {
        @Test
        void deepgramOnlyParametersAreAcceptedAndRecorded() throws Exception {
            ListenOptions options = parse("diarize=true&diarize_model=v2&detect_entities=true"
                    + "&callback=https%3A%2F%2Fexample.com%2Fhook&callback_method=post&mip_opt_out=true&no_delay=true"
                    + "&alternatives=2&tier=enhanced");
            assertThat(options.parameters().keySet()).containsExactly("diarize", "diarize_model", "detect_entities",
                    "callback", "callback_method", "mip_opt_out", "no_delay", "alternatives", "tier");
            assertThat(options.values("callback")).containsExactly("https://example.com/hook");
            assertThat(options.values("callback_method")).containsExactly("post");
        }

        @Test
        void everyParameterDeepgramDocumentsForFilesIsAcceptedAsLiveKitAndTheAiSdkSendThem() throws Exception {
            ListenOptions options = parse("detect_language=false&summarize=v2&topics=true&intents=true"
                    + "&sentiment=true&measurements=true&custom_topic=billing&custom_topic_mode=strict"
                    + "&custom_intent=refund&custom_intent_mode=extended&language_hint=en&detect_language=de");
            assertThat(options.parameters().keySet()).contains("detect_language", "summarize", "topics", "intents",
                    "sentiment", "measurements", "custom_topic", "custom_topic_mode", "custom_intent",
                    "custom_intent_mode", "language_hint");
            assertThat(options.values("detect_language")).containsExactly("false", "de");
        }

        @Test
        void badCallbackMethodAndAlternativesAreRefused() {
            assertThat(rejected("callback_method=PATCH").getMessage()).isEqualTo(
                    "Invalid value 'PATCH' for parameter 'callback_method': expected one of POST, GET, PUT, DELETE");
            assertThat(rejected("alternatives=0").getMessage()).isEqualTo(
                    "Invalid value '0' for parameter 'alternatives': expected a positive integer");
        }
    }

    @Nested
    class UnknownAndRepeated {
        @Test
        void unknownParameterIsNamed() {
            InvalidParameterException e = rejected("punctuate=true&frobnicate=1");
            assertThat(e.parameter()).isEqualTo("frobnicate");
            assertThat(e.getMessage()).startsWith("Unknown query parameter 'frobnicate'")
                    .doesNotContain("did you mean").doesNotContain("Deepgram");
        }

        @ParameterizedTest
        @CsvSource({"punctuation,punctuate", "interim_result,interim_results", "smartformat,smart_format",
                "sample-rate,sample_rate", "utterance_end,utterance_end_ms", "keyterms,keyterm"})
        void nearMissesGetASuggestion(String sent, String meant) {
            InvalidParameterException e = rejected(sent + "=true");
            assertThat(e.parameter()).isEqualTo(sent);
            assertThat(e.getMessage()).startsWith(
                    "Unknown query parameter '" + sent + "' (did you mean '" + meant + "'?)");
        }

        @Test
        void namesAreCaseSensitive() {
            assertThat(rejected("Punctuate=true").getMessage()).contains("'Punctuate'").contains("'punctuate'");
        }

        @Test
        void aHugeUnknownNameIsClipped() {
            String name = "z".repeat(5000);
            InvalidParameterException e = rejected(name + "=1");
            assertThat(e.getMessage()).hasSizeLessThan(300).contains("z".repeat(64) + "...");
        }

        @Test
        void controlCharactersAreNotEchoed() {
            InvalidParameterException e = rejected("encoding=linear16&sample_rate=1%0D%0AX-Evil:%201");
            assertThat(e.getMessage()).doesNotContain("\r").doesNotContain("\n").contains("'1??X-Evil: 1'");
        }

        @Test
        void sameNonListParameterTwiceWithDifferentValuesIsAContradiction() {
            InvalidParameterException e = rejected("channels=1&channels=2");
            assertThat(e.parameter()).isEqualTo("channels");
            assertThat(e.getMessage()).isEqualTo(
                    "Parameter 'channels' was given more than once with different values ('1', '2'): give it once");
        }

        @Test
        void sameNonListParameterTwiceWithTheSameValueIsAccepted() throws Exception {
            ListenOptions options = parse("punctuate=true&punctuate=true&encoding=linear16&encoding=linear16&sample_rate=16000");
            assertThat(options.formatting().punctuate()).isTrue();
            assertThat(options.encoding()).contains(Encoding.LINEAR16);
        }

        @Test
        void malformedPercentEncodingIsRefused() {
            InvalidParameterException e = rejected("keyterm=%zz");
            assertThat(e.getMessage()).contains("%zz").contains("percent-encoding");
        }

        @Test
        void everyValidationFailureFitsTheTemplate() {
            Predicate<String> template = m -> m.matches("Invalid value '.*' for parameter '[a-z_]+': expected .+");
            for (String query : List.of("encoding=linear16&sample_rate=abc", "channels=0", "endpointing=-5",
                    "interim_results=true&utterance_end_ms=500", "encoding=mp3&sample_rate=8000", "vad_events=yes",
                    "redact=foo", "replace=nocolon", "extra=nocolon", "language=e%20n")) {
                assertThat(rejected(query).getMessage()).as(query).matches(template);
            }
        }
    }

    @Test
    void aFullRealisticQuery() throws Exception {
        ListenOptions options = parse("model=nova-3&language=en&encoding=linear16&sample_rate=48000&channels=2"
                + "&multichannel=true&interim_results=true&utterance_end_ms=1000&vad_events=true&endpointing=300"
                + "&smart_format=true&punctuate=true&keyterm=Earshot&extra=job:7");
        assertThat(options.encoding()).contains(Encoding.LINEAR16);
        assertThat(options.sampleRateHz()).isEqualTo(OptionalInt.of(48000));
        assertThat(options.channels()).isEqualTo(2);
        assertThat(options.multichannel()).isTrue();
        assertThat(options.interimResults()).isTrue();
        assertThat(options.utteranceEndMs()).isEqualTo(OptionalInt.of(1000));
        assertThat(options.vadEvents()).isTrue();
        assertThat(options.endpointing()).isEqualTo(Endpointing.afterMs(300));
        assertThat(options.formatting().punctuated()).isTrue();
        assertThat(options.formatting().digits()).isTrue();
        assertThat(options.model()).contains("nova-3");
        assertThat(options.extra()).containsExactlyEntriesOf(Map.of("job", "7"));
    }
}
