package dev.earshot.server.session.features;

import dev.earshot.protocol.ClientMessage.Configure;
import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ConfigureFailureMessage;
import dev.earshot.protocol.ServerMessage.ConfigureSuccessMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@code Configure} does to a stream (live-api.md §3): the formatting switches of {@link Formatting}
 * change, all together or not at all, and everything else is refused, since the engine and the audio
 * pipeline were set up for the options the stream opened with.
 *
 * @param reply      the one ConfigureSuccess or ConfigureFailure the message gets
 * @param formatting the stream's formatting from now on: unchanged after a failure
 */
public record Reconfiguration(ServerMessage reply, Formatting formatting) {
    private static final String CHANGEABLE = String.join(", ", Formatting.FEATURES);

    public static Reconfiguration of(Configure configure, Formatting current, String requestId) {
        if (!configure.unreadable().isEmpty()) {
            return refused(current, requestId, ConfigureFailureMessage.INVALID_CONFIGURE_MESSAGE,
                    String.join("; ", configure.unreadable()));
        }
        if (configure.keyterms().isPresent()) {
            return refused(current, requestId, ConfigureFailureMessage.KEYTERMS_NOT_SUPPORTED,
                    "keyterms cannot be set: this server's model does not bias recognition with keyterms");
        }
        List<String> fixed = new ArrayList<>(configure.otherFields());
        configure.features().keySet().stream().filter(name -> !Formatting.isFeature(name)).forEach(fixed::add);
        if (!fixed.isEmpty()) {
            return refused(current, requestId, ConfigureFailureMessage.FEATURE_NOT_SUPPORTED, "'"
                    + String.join("', '", fixed) + "' cannot change mid-stream on this server; Configure can"
                    + " change the features " + CHANGEABLE);
        }
        return new Reconfiguration(new ConfigureSuccessMessage(requestId, configure.features()),
                current.with(configure.features()));
    }

    private static Reconfiguration refused(Formatting current, String requestId, String code, String description) {
        return new Reconfiguration(new ConfigureFailureMessage(requestId, code, description
                + "; the stream keeps its settings"), current);
    }
}
