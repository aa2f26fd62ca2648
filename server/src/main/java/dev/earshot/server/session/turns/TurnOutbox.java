package dev.earshot.server.session.turns;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.flux.FluxServerMessage;

/**
 * The way back to a Flux client, declared here and implemented by the transport. Calls arrive in order, each
 * message with its {@code sequence_id}; implementations must not block.
 */
public interface TurnOutbox {
    void send(FluxServerMessage message, long sequenceId);

    /** Queues the Close frame, after everything sent before. Called at most once. */
    void close(CloseReason reason);

    /** The session has room for audio again. */
    void resumeReading();
}
