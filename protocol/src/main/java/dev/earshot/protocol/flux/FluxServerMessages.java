package dev.earshot.protocol.flux;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.earshot.protocol.flux.FluxServerMessage.ConfigureFailure;
import dev.earshot.protocol.flux.FluxServerMessage.ConfigureSuccess;
import dev.earshot.protocol.flux.FluxServerMessage.Connected;
import dev.earshot.protocol.flux.FluxServerMessage.Error;
import dev.earshot.protocol.flux.FluxServerMessage.TurnInfo;
import dev.earshot.protocol.flux.FluxServerMessage.Word;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * JSON for {@link FluxServerMessage}s with Flux's field names. Clients read different error fields (Pipecat
 * {@code error}, others {@code code} and {@code description}; on ConfigureFailure {@code error_code}): each
 * error carries all of them.
 */
public final class FluxServerMessages {
    private static final JsonFactory JSON = new JsonFactory();

    private FluxServerMessages() {
    }

    public static String toJson(FluxServerMessage message, long sequenceId) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            if (message instanceof Connected connected) {
                json.writeStringField("type", "Connected");
                json.writeStringField("request_id", connected.requestId());
            } else if (message instanceof TurnInfo turn) {
                writeTurn(json, turn);
            } else if (message instanceof ConfigureSuccess success) {
                json.writeStringField("type", "ConfigureSuccess");
                json.writeStringField("request_id", success.requestId());
                json.writeObjectFieldStart("thresholds");
                json.writeNumberField("eot_threshold", success.thresholds().eot());
                if (success.thresholds().eager().isPresent()) {
                    json.writeNumberField("eager_eot_threshold", success.thresholds().eager().getAsDouble());
                }
                json.writeNumberField("eot_timeout_ms", success.thresholds().timeoutMs());
                json.writeEndObject();
                json.writeArrayFieldStart("keyterms");
                for (String term : success.keyterms()) {
                    json.writeString(term);
                }
                json.writeEndArray();
            } else if (message instanceof ConfigureFailure failure) {
                json.writeStringField("type", "ConfigureFailure");
                json.writeStringField("request_id", failure.requestId());
                json.writeStringField("error_code", failure.errorCode());
                json.writeStringField("description", failure.description());
            } else if (message instanceof Error error) {
                json.writeStringField("type", "Error");
                json.writeStringField("code", error.code());
                json.writeStringField("description", error.description());
                json.writeStringField("error", error.description());
            }
            json.writeNumberField("sequence_id", sequenceId);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void writeTurn(JsonGenerator json, TurnInfo turn) throws IOException {
        json.writeStringField("type", "TurnInfo");
        json.writeStringField("request_id", turn.requestId());
        json.writeStringField("event", turn.event().name());
        json.writeNumberField("turn_index", turn.turnIndex());
        json.writeNumberField("audio_window_start", round(turn.audioWindowStart()));
        json.writeNumberField("audio_window_end", round(turn.audioWindowEnd()));
        json.writeStringField("transcript", turn.transcript());
        json.writeArrayFieldStart("words");
        for (Word word : turn.words()) {
            json.writeStartObject();
            json.writeStringField("word", word.word());
            json.writeNumberField("confidence", round(word.confidence()));
            json.writeNumberField("start", round(word.start()));
            json.writeNumberField("end", round(word.end()));
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeNumberField("end_of_turn_confidence", round(turn.endOfTurnConfidence()));
        if (turn.trigger() != null) {
            json.writeStringField("trigger", turn.trigger().wire());
        }
    }

    /** Milliseconds are all the audio times mean; three digits keep the frames small. */
    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
