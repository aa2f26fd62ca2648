package dev.earshot.client;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.ServerMessage.UtteranceEndMessage;

/**
 * Receives what the server sends on a live stream (live-api.md §4–§5). Called on the client's WebSocket
 * thread, one call at a time, in the order the server sent; implement only what you need.
 */
public interface LiveListener {
    default void onResults(ResultsMessage results) {
    }

    /** The session summary, the last message before the server's close. */
    default void onMetadata(MetadataMessage metadata) {
    }

    default void onSpeechStarted(SpeechStartedMessage started) {
    }

    default void onUtteranceEnd(UtteranceEndMessage end) {
    }

    /** The server could not understand a text frame of ours; the stream goes on. */
    default void onError(ErrorMessage error) {
    }

    /** Every message, before its own method; for logging raw traffic. */
    default void onMessage(ServerMessage message) {
    }

    /**
     * The server closed the stream. {@code reason.errorCode()} names the failure (DATA-0000, NET-0001, ...),
     * empty for a normal 1000.
     */
    default void onClose(CloseReason reason) {
    }

    /** The connection failed without a Close frame (the network, or the server vanished: 1006). */
    default void onFailure(Throwable failure) {
    }
}
