package dev.earshot.protocol.flux;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** A text message a client sends on {@code /v2/listen} (Flux). There is no KeepAlive or Finalize on v2. */
public sealed interface FluxClientMessage {
    /** Transcribe what was sent, then close. */
    record CloseStream() implements FluxClientMessage {
    }

    /** End the current turn now: an {@code EndOfTurn} with {@code "trigger":"manual"}. */
    record ForceEndTurn() implements FluxClientMessage {
    }

    /** New thresholds (each only when given), key terms, language hints or numerals, mid-stream. */
    record Configure(OptionalDouble eotThreshold, OptionalDouble eagerEotThreshold, OptionalInt eotTimeoutMs,
                     Optional<List<String>> keyterms, Optional<List<String>> languageHints,
                     Optional<Boolean> numerals) implements FluxClientMessage {
    }
}
