package dev.earshot.server.session.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ClientMessage.Configure;
import dev.earshot.protocol.ClientMessages;
import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ServerMessage.ConfigureFailureMessage;
import dev.earshot.protocol.ServerMessage.ConfigureSuccessMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** live-api.md §3: what a Configure changes, and the one reply it gets. */
@Timeout(10)
class ReconfigurationTest {
    private static final String REQUEST = "6f2b7c1e-0000-4000-8000-000000000001";
    private static final Formatting PUNCTUATED = new Formatting(true, false, false, false, false, false);

    private static Reconfiguration of(String text) throws Exception {
        return Reconfiguration.of((Configure) ClientMessages.parse(text), PUNCTUATED, REQUEST);
    }

    private static ConfigureFailureMessage failure(Reconfiguration change) {
        assertThat(change.formatting()).as("a failure changes nothing").isEqualTo(PUNCTUATED);
        return (ConfigureFailureMessage) change.reply();
    }

    @Test
    void formattingFeaturesChangeAndTheSuccessEchoesThem() throws Exception {
        Reconfiguration change = of("{\"type\":\"Configure\",\"features\":{\"numerals\":true,\"punctuate\":false}}");
        assertThat(change.formatting()).isEqualTo(new Formatting(false, false, true, false, false, false));
        assertThat(change.reply()).isEqualTo(new ConfigureSuccessMessage(REQUEST,
                Map.of("numerals", true, "punctuate", false)));
    }

    @Test
    void anEmptyConfigureSucceedsAndChangesNothing() throws Exception {
        Reconfiguration change = of("{\"type\":\"Configure\"}");
        assertThat(change.formatting()).isEqualTo(PUNCTUATED);
        assertThat(change.reply()).isEqualTo(new ConfigureSuccessMessage(REQUEST, Map.of()));
    }

    @Test
    void keytermsFailWithDeepgramsCodeAndNothingElseApplies() throws Exception {
        ConfigureFailureMessage failure = failure(of(
                "{\"type\":\"Configure\",\"keyterms\":[\"Earshot\"],\"features\":{\"numerals\":true}}"));
        assertThat(failure.code()).isEqualTo("KeytermsNotSupported");
        assertThat(failure.requestId()).isEqualTo(REQUEST);
        assertThat(failure.description()).contains("keyterms").endsWith("the stream keeps its settings");
        assertThat(failure(of("{\"type\":\"Configure\",\"keyterms\":[]}")).code()).isEqualTo("KeytermsNotSupported");
    }

    @Test
    void settingsFixedAtOpenAndUnknownFeaturesAreNamed() throws Exception {
        ConfigureFailureMessage failure = failure(of("{\"type\":\"Configure\",\"model\":\"nova-3\","
                + "\"features\":{\"numerals\":true,\"diarize\":true,\"sample_rate\":true}}"));
        assertThat(failure.code()).isEqualTo("FeatureNotSupported");
        assertThat(failure.description()).startsWith("'model', 'diarize', 'sample_rate' cannot change mid-stream")
                .contains("punctuate, smart_format, numerals, profanity_filter, filler_words, dictation");
    }

    @Test
    void aWrongShapeIsAnInvalidConfigureMessage() throws Exception {
        ConfigureFailureMessage failure = failure(of(
                "{\"type\":\"Configure\",\"keyterms\":[\"a\"],\"features\":{\"numerals\":\"on\"}}"));
        assertThat(failure.code()).isEqualTo("InvalidConfigureMessage");
        assertThat(failure.description()).startsWith("feature 'numerals' must be true or false");
    }
}
