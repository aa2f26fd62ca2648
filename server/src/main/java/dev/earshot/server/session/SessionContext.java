package dev.earshot.server.session;

import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.protocol.ServerMessage.Warning;
import dev.earshot.server.Settings;
import dev.earshot.server.engine.ModelDescription;
import java.time.Instant;
import java.util.List;

/**
 * What a stream was opened with: its request id, validated options, the server's settings, the model
 * that serves it and the warnings its Metadata will carry. Immutable.
 */
public record SessionContext(String requestId, ListenOptions options, Settings settings, ModelDescription model,
                             Instant created, List<Warning> warnings) {
    public SessionContext {
        warnings = List.copyOf(warnings);
    }

    /** The {@code metadata} object of every Results message of this stream. */
    public ResultsMetadata resultsMetadata() {
        return new ResultsMetadata(requestId, model.info(), model.uuid(), options.extra());
    }
}
