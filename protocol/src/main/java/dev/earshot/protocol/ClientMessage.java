package dev.earshot.protocol;

import java.util.OptionalInt;

/**
 * The text frames a client may send on {@code /v1/listen} (live-api.md §3). Audio travels in binary
 * frames and is not a message.
 */
public sealed interface ClientMessage {
    /** No reply; resets the idle timer once audio has started. */
    record KeepAlive() implements ClientMessage {
    }

    /** Flush buffered audio now, for all channels or only {@code channel}; the stream stays open. */
    record Finalize(OptionalInt channel) implements ClientMessage {
        public static Finalize allChannels() {
            return new Finalize(OptionalInt.empty());
        }
    }

    /** Finish all buffered audio, send the remaining Results and Metadata, then close 1000. */
    record CloseStream() implements ClientMessage {
    }
}
