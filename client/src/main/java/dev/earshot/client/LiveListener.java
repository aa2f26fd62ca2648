package dev.earshot.client;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage;

/**
 * Receives what the server sends on a live stream. Called on the client's WebSocket thread, one call at a
 * time; implement only what you need.
 */
public interface LiveListener {
    /** Any message: Results, Metadata, SpeechStarted, UtteranceEnd or Error. */
    default void onMessage(ServerMessage message) {
    }

    /** The server closed the stream; {@code reason.errorCode()} names the failure, if any. */
    default void onClose(CloseReason reason) {
    }

    /** The connection failed without a Close frame. */
    default void onFailure(Throwable failure) {
    }
}
