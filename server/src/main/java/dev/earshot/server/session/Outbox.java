package dev.earshot.server.session;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage;

/**
 * The way back to the client, declared here and implemented by the transport. A session calls it under
 * its own lock, so calls arrive in order; implementations must not block.
 */
public interface Outbox {
    /** Queues a text frame. */
    void send(ServerMessage message);

    /** Queues the Close frame, after everything sent before. Called at most once. */
    void close(CloseReason reason);

    /** The session has room for audio again: start reading the socket after a pause for backpressure. */
    void resumeReading();
}
