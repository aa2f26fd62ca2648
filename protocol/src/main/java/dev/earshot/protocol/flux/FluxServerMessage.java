package dev.earshot.protocol.flux;

import java.util.List;

/**
 * What the server sends on {@code /v2/listen} (Flux). Every message gets its {@code sequence_id} when it is
 * written ({@link FluxServerMessages#toJson}), counting from 0 on each connection.
 */
public sealed interface FluxServerMessage {
    /** The turn events of {@code TurnInfo}. */
    enum TurnEvent { StartOfTurn, Update, EagerEndOfTurn, TurnResumed, EndOfTurn }

    /** What ended a turn ({@code EndOfTurn} only). */
    enum Trigger {
        MODEL("model"), MANUAL("manual"), TIMEOUT("timeout");

        private final String wire;

        Trigger(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    record Word(String word, double confidence, double start, double end) {
    }

    /** The first message of every connection. */
    record Connected(String requestId) implements FluxServerMessage {
    }

    /**
     * The state of the current turn.
     *
     * @param trigger only on {@code EndOfTurn}; null otherwise
     */
    record TurnInfo(String requestId, TurnEvent event, int turnIndex, double audioWindowStart, double audioWindowEnd,
                    String transcript, List<Word> words, double endOfTurnConfidence, Trigger trigger)
            implements FluxServerMessage {
        public TurnInfo {
            words = List.copyOf(words);
        }
    }

    /** A Configure was applied: the thresholds and key terms now in force. */
    record ConfigureSuccess(String requestId, TurnThresholds thresholds, List<String> keyterms)
            implements FluxServerMessage {
        public ConfigureSuccess {
            keyterms = List.copyOf(keyterms);
        }
    }

    /** A Configure was refused as a whole; nothing of it was applied. */
    record ConfigureFailure(String requestId, String errorCode, String description) implements FluxServerMessage {
    }

    /** A message the server could not act on; the stream goes on. */
    record Error(String code, String description) implements FluxServerMessage {
    }
}
