package dev.earshot.server.session;

import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.protocol.ServerMessage.Warning;
import dev.earshot.server.Settings;
import dev.earshot.server.engine.ModelDescription;
import dev.earshot.server.session.events.RequestRecord;
import java.time.Instant;
import java.util.List;

/**
 * What a stream was opened with: its request id, validated options, the server's settings, the model
 * that serves it, the warnings its Metadata will carry and who asked. Immutable.
 */
public record SessionContext(String requestId, ListenOptions options, Settings settings, ModelDescription model,
                             Instant created, List<Warning> warnings, RequestRecord.Client client) {
    /** Who asked, when nothing is known of it (tests, the warm-up). */
    public static final RequestRecord.Client UNKNOWN_CLIENT = new RequestRecord.Client("", "", null, "", "", "");

    public SessionContext {
        warnings = List.copyOf(warnings);
        client = client == null ? UNKNOWN_CLIENT : client;
    }

    public SessionContext(String requestId, ListenOptions options, Settings settings, ModelDescription model,
                          Instant created, List<Warning> warnings) {
        this(requestId, options, settings, model, created, warnings, null);
    }

    /** The {@code metadata} object of every Results message of this stream. */
    public ResultsMetadata resultsMetadata() {
        return new ResultsMetadata(requestId, model.info(), model.uuid(), options.extra());
    }
}
