package dev.earshot.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.protocol.ClientMessage.Configure;
import dev.earshot.protocol.ServerMessage.ConfigureFailureMessage;
import dev.earshot.protocol.ServerMessage.ConfigureSuccessMessage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** live-api.md §3: Configure as a client sends it, and the ConfigureSuccess / ConfigureFailure replies. */
@Timeout(10)
class ConfigureMessagesTest {
    private static final String REQUEST = "8b6bd2f4-4c34-4c5e-9d3a-1f9a0a3c1b2e";

    private static Configure parsed(String text) throws SchemaException {
        return (Configure) ClientMessages.parse(text);
    }

    @Test
    void featuresKeepTheirOrderAndValues() throws Exception {
        Configure configure = parsed("{\"type\":\"Configure\",\"features\":{\"smart_format\":false,\"numerals\":true}}");
        assertThat(configure.features()).containsExactly(Map.entry("smart_format", false), Map.entry("numerals", true));
        assertThat(configure.keyterms()).isEmpty();
        assertThat(configure.otherFields()).isEmpty();
        assertThat(configure.unreadable()).isEmpty();
    }

    @Test
    void keytermsAbsentOrNullKeepTheCurrentOnesAndAnEmptyArrayClearsThem() throws Exception {
        assertThat(parsed("{\"type\":\"Configure\"}").keyterms()).isEmpty();
        assertThat(parsed("{\"type\":\"Configure\",\"keyterms\":null}").keyterms()).isEmpty();
        assertThat(parsed("{\"type\":\"Configure\",\"keyterms\":[]}").keyterms()).contains(List.of());
        assertThat(parsed("{\"type\":\"Configure\",\"keyterms\":[\"Deepgram\",\"customer service\"]}").keyterms())
                .contains(List.of("Deepgram", "customer service"));
    }

    @Test
    void otherTopLevelFieldsAreNamed() throws Exception {
        Configure configure = parsed("{\"type\":\"Configure\",\"model\":\"nova-3\",\"sample_rate\":8000}");
        assertThat(configure.otherFields()).containsExactly("model", "sample_rate");
        assertThat(configure.unreadable()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"type\":\"Configure\",\"features\":[\"numerals\"]}",
            "{\"type\":\"Configure\",\"features\":{\"numerals\":\"true\"}}",
            "{\"type\":\"Configure\",\"features\":{\"numerals\":1}}",
            "{\"type\":\"Configure\",\"keyterms\":\"Deepgram\"}",
            "{\"type\":\"Configure\",\"keyterms\":[\"a\",2]}"})
    void aWrongShapeIsNotASchemaErrorButIsNotedForTheFailureReply(String text) throws Exception {
        assertThat(parsed(text).unreadable()).singleElement().asString().containsAnyOf("\"features\"", "feature '",
                "\"keyterms\"");
    }

    @Test
    void theUnreadableSaysWhatIsWrong() throws Exception {
        assertThat(parsed("{\"type\":\"Configure\",\"features\":{\"numerals\":\"yes\"}}").unreadable())
                .containsExactly("feature 'numerals' must be true or false");
        assertThat(parsed("{\"type\":\"Configure\",\"features\":7}").unreadable())
                .containsExactly("\"features\" must be an object of feature names to true or false");
    }

    @Test
    void aHugeFeatureNameIsClipped() throws Exception {
        String name = "n".repeat(5000);
        Configure configure = parsed("{\"type\":\"Configure\",\"features\":{\"" + name + "\":true}}");
        assertThat(configure.features().keySet()).singleElement().asString().hasSizeLessThan(100);
    }

    @Test
    void toJsonWritesOnlyTheDocumentedFieldsAndRoundTrips() throws Exception {
        Map<String, Boolean> features = new LinkedHashMap<>();
        features.put("numerals", true);
        features.put("punctuate", false);
        Configure configure = new Configure(Optional.of(List.of("Earshot")), features, List.of(), List.of());
        String json = ClientMessages.toJson(configure);
        assertThat(json).isEqualTo("{\"type\":\"Configure\",\"keyterms\":[\"Earshot\"],"
                + "\"features\":{\"numerals\":true,\"punctuate\":false}}");
        assertThat(ClientMessages.parse(json)).isEqualTo(configure);
        assertThat(ClientMessages.toJson(Configure.features(Map.of("numerals", true))))
                .isEqualTo("{\"type\":\"Configure\",\"features\":{\"numerals\":true}}");
    }

    @Test
    void configureSuccessEchoesTheFeaturesItSet() throws Exception {
        Map<String, Boolean> features = new LinkedHashMap<>();
        features.put("smart_format", true);
        features.put("numerals", false);
        ConfigureSuccessMessage success = new ConfigureSuccessMessage(REQUEST, features);
        String json = ServerMessages.toJson(success);
        assertThat(json).isEqualTo("{\"type\":\"ConfigureSuccess\",\"request_id\":\"" + REQUEST
                + "\",\"features\":{\"smart_format\":true,\"numerals\":false}}");
        assertThat(ServerMessages.parse(json)).isEqualTo(success);
    }

    @Test
    void configureFailureCarriesCodeAndDescription() throws Exception {
        ConfigureFailureMessage failure = new ConfigureFailureMessage(REQUEST,
                ConfigureFailureMessage.KEYTERMS_NOT_SUPPORTED, "keyterms cannot be set");
        String json = ServerMessages.toJson(failure);
        assertThat(json).isEqualTo("{\"type\":\"ConfigureFailure\",\"request_id\":\"" + REQUEST
                + "\",\"code\":\"KeytermsNotSupported\",\"description\":\"keyterms cannot be set\"}");
        assertThat(ServerMessages.parse(json)).isEqualTo(failure);
    }

    @Test
    void formattingChangesByWireName() {
        Formatting start = new Formatting(true, false, false, false, false, false);
        Formatting changed = start.with(Map.of("numerals", true, "punctuate", false));
        assertThat(changed).isEqualTo(new Formatting(false, false, true, false, false, false));
        assertThat(changed.asFeatures()).containsExactly(Map.entry("punctuate", false),
                Map.entry("smart_format", false), Map.entry("numerals", true), Map.entry("profanity_filter", false),
                Map.entry("filler_words", false), Map.entry("dictation", false));
        assertThat(Formatting.of(Formatting.FEATURES::contains))
                .isEqualTo(new Formatting(true, true, true, true, true, true));
        assertThatThrownBy(() -> start.with(Map.of("diarize", true))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("diarize");
    }
}
