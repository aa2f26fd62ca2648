package dev.earshot.protocol;

/**
 * The {@code endpointing} parameter: how much silence ends speech and marks a final Result
 * {@code speech_final:true}, or {@code false} to never mark it (live-api.md §2).
 */
public record Endpointing(boolean enabled, int silenceMs) {
    /** Deepgram's default: 10 ms. */
    public static final Endpointing DEFAULT = new Endpointing(true, 10);
    public static final Endpointing DISABLED = new Endpointing(false, 0);

    public Endpointing {
        if (silenceMs < 0) {
            throw new IllegalArgumentException("endpointing silence must be >= 0 ms: " + silenceMs);
        }
    }

    public static Endpointing afterMs(int silenceMs) {
        return new Endpointing(true, silenceMs);
    }

    /** The query value that produces this setting. */
    public String wireValue() {
        return enabled ? Integer.toString(silenceMs) : "false";
    }
}
