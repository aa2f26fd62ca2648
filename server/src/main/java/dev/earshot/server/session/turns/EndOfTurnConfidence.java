package dev.earshot.server.session.turns;

import java.util.Set;

/**
 * How sure the server is that a speaker has finished their turn, from what it knows: whether the pipeline has
 * heard a pause (an endpoint: voice activity quiet for the shortest endpointing and the engine's words made
 * final), how long the quiet has lasted since, and whether the last word is one a sentence rarely ends on.
 * There is no turn model behind it; docs/live-api.md (Flux) gives the scale.
 */
final class EndOfTurnConfidence {
    /** Confidence once a pause is heard: {@code eager_eot_threshold=0.4} fires there. */
    static final double AT_PAUSE = 0.4;
    /** Quiet after the pause over which confidence rises from {@link #AT_PAUSE} to 1. */
    static final double RAMP_SEC = 0.4;
    /** Before a pause is heard, quiet between words rises to at most this. */
    static final double BEFORE_PAUSE = 0.3;
    /** A turn whose last word leaves the sentence open ("… and", "… the") is this much less likely over. */
    static final double OPEN_ENDING = 0.15;
    private static final Set<String> OPEN_ENDINGS = Set.of("and", "or", "but", "so", "because", "the", "a", "an",
            "to", "of", "for", "with", "your", "my", "our", "if", "that", "in", "on", "at", "from", "by", "um", "uh");

    private EndOfTurnConfidence() {
    }

    /**
     * @param quietSec      audio since the turn's last word ended
     * @param sincePauseSec audio since the pause was heard; negative while none is
     * @param lastWord      the turn's last word, lower case; empty when it has none
     */
    static double of(double quietSec, double sincePauseSec, String lastWord) {
        double confidence = sincePauseSec < 0
                ? BEFORE_PAUSE * clamp(quietSec / RAMP_SEC)
                : AT_PAUSE + (1 - AT_PAUSE) * clamp(sincePauseSec / RAMP_SEC);
        if (OPEN_ENDINGS.contains(lastWord)) {
            confidence -= OPEN_ENDING;
        }
        return Math.max(0, confidence);
    }

    private static double clamp(double value) {
        return Math.max(0, Math.min(1, value));
    }
}
