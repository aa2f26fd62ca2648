package dev.earshot.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
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

    /**
     * Change settings mid-stream; answered with exactly one {@code ConfigureSuccess} or {@code ConfigureFailure}.
     * A Configure is read as far as it can be, never refused as a SchemaError, since it must get that answer:
     * whatever could not be read is in {@code unreadable}.
     *
     * @param keyterms    the new keyterms; empty when the field was absent or null (keep the current ones)
     * @param features    feature names with the values asked for, in the order sent
     * @param otherFields names of top-level fields other than {@code type}, {@code keyterms} and {@code features}
     * @param unreadable  one sentence for each part that is not of the documented shape
     */
    record Configure(Optional<List<String>> keyterms, Map<String, Boolean> features, List<String> otherFields,
                     List<String> unreadable) implements ClientMessage {
        public Configure {
            keyterms = keyterms.map(List::copyOf);
            features = Ordered.copy(features);
            otherFields = List.copyOf(otherFields);
            unreadable = List.copyOf(unreadable);
        }

        /** A well-formed Configure that only switches features. */
        public static Configure features(Map<String, Boolean> features) {
            return new Configure(Optional.empty(), features, List.of(), List.of());
        }
    }
}
