package dev.earshot.protocol.flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.protocol.SchemaException;
import dev.earshot.protocol.flux.FluxClientMessage.Configure;
import dev.earshot.protocol.flux.FluxServerMessage.Trigger;
import dev.earshot.protocol.flux.FluxServerMessage.TurnEvent;
import dev.earshot.protocol.flux.FluxServerMessage.TurnInfo;
import dev.earshot.protocol.flux.FluxServerMessage.Word;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The /v2/listen query, client messages and server messages. */
@Timeout(10)
class FluxProtocolTest {
    @Test
    void theQueryGivesThresholdsAndTheV1ParametersUnderThem() throws Exception {
        FluxOptions options = FluxOptions.parse("model=flux-general-en&encoding=linear16&sample_rate=8000"
                + "&eager_eot_threshold=0.4&eot_timeout_ms=3000&keyterm=Earshot&keyterm=Vosk");
        assertThat(options.thresholds()).isEqualTo(new TurnThresholds(0.7, OptionalDouble.of(0.4), 3000));
        assertThat(options.keyterms()).containsExactly("Earshot", "Vosk");
        assertThat(options.listenParameters()).containsEntry("encoding", List.of("linear16"))
                .containsEntry("sample_rate", List.of("8000")).containsEntry("interim_results", List.of("true"))
                .doesNotContainKeys("model", "eot_threshold");
    }

    @Test
    void badQueriesNameTheParameter() {
        assertThatThrownBy(() -> FluxOptions.parse("encoding=linear16")).isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("model=flux-general-en");
        assertThatThrownBy(() -> FluxOptions.parse("model=nova-3")).hasMessageContaining("'model'");
        assertThatThrownBy(() -> FluxOptions.parse("model=flux-general-en&eot_threshold=0.3"))
                .hasMessageContaining("eot_threshold");
        assertThatThrownBy(() -> FluxOptions.parse("model=flux-general-en&eot_threshold=0.6&eager_eot_threshold=0.7"))
                .hasMessageContaining("must not be above");
        assertThatThrownBy(() -> FluxOptions.parse("model=flux-general-en&eot_timeout_ms=100"))
                .hasMessageContaining("500 to 60000");
        assertThatThrownBy(() -> FluxOptions.parse("model=flux-general-en&endpointing=300"))
                .hasMessageContaining("Unknown query parameter 'endpointing' for /v2/listen");
    }

    @Test
    void clientMessagesParseOrSayWhy() throws Exception {
        assertThat(FluxClientMessages.parse("{\"type\":\"CloseStream\"}")).isInstanceOf(FluxClientMessage.CloseStream.class);
        assertThat(FluxClientMessages.parse("{\"type\":\"ForceEndTurn\"}")).isInstanceOf(FluxClientMessage.ForceEndTurn.class);
        Configure configure = (Configure) FluxClientMessages.parse("{\"type\":\"Configure\",\"thresholds\":"
                + "{\"eot_threshold\":0.8,\"eot_timeout_ms\":2000},\"keyterms\":[\"a\"]}");
        assertThat(configure.eotThreshold()).hasValue(0.8);
        assertThat(configure.eagerEotThreshold()).isEmpty();
        assertThat(configure.eotTimeoutMs()).hasValue(2000);
        assertThat(configure.keyterms()).contains(List.of("a"));
        assertThatThrownBy(() -> FluxClientMessages.parse("{\"type\":\"KeepAlive\"}")).isInstanceOf(SchemaException.class)
                .hasMessageContaining("expected one of CloseStream, Configure, ForceEndTurn");
        assertThatThrownBy(() -> FluxClientMessages.parse("{\"type\":\"Configure\",\"thresholds\":{\"eot_timeout_ms\":1.5}}"))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> FluxClientMessages.parse("not json")).hasMessageContaining("not valid JSON");
    }

    @Test
    void turnInfoHasFluxsFieldsAndTheTriggerOnlyOnEndOfTurn() {
        TurnInfo end = new TurnInfo("rid", TurnEvent.EndOfTurn, 2, 1.0, 2.5, "hi there",
                List.of(new Word("hi", 0.91234, 1.1, 1.3), new Word("there", 0.9, 1.4, 1.8)), 0.83333, Trigger.MODEL);
        assertThat(FluxServerMessages.toJson(end, 7)).isEqualTo("{\"type\":\"TurnInfo\",\"request_id\":\"rid\","
                + "\"event\":\"EndOfTurn\",\"turn_index\":2,\"audio_window_start\":1.0,\"audio_window_end\":2.5,"
                + "\"transcript\":\"hi there\",\"words\":[{\"word\":\"hi\",\"confidence\":0.912,\"start\":1.1,"
                + "\"end\":1.3},{\"word\":\"there\",\"confidence\":0.9,\"start\":1.4,\"end\":1.8}],"
                + "\"end_of_turn_confidence\":0.833,\"trigger\":\"model\",\"sequence_id\":7}");
        TurnInfo update = new TurnInfo("rid", TurnEvent.Update, 0, 0, 0.25, "", List.of(), 0, null);
        assertThat(FluxServerMessages.toJson(update, 1)).doesNotContain("trigger");
        assertThat(FluxServerMessages.toJson(new FluxServerMessage.Error("UNPARSABLE_CLIENT_MESSAGE", "bad"), 3))
                .isEqualTo("{\"type\":\"Error\",\"code\":\"UNPARSABLE_CLIENT_MESSAGE\",\"description\":\"bad\","
                        + "\"error\":\"bad\",\"sequence_id\":3}");
    }
}
