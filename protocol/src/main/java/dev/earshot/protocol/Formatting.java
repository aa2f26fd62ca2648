package dev.earshot.protocol;

/** The text-formatting switches of {@code /v1/listen} (live-api.md §2). All default to false. */
public record Formatting(boolean punctuate, boolean smartFormat, boolean numerals, boolean profanityFilter,
                         boolean fillerWords, boolean dictation) {
    public static final Formatting NONE = new Formatting(false, false, false, false, false, false);

    /** Whether words carry {@code punctuated_word}: Deepgram adds it for punctuate and for smart_format. */
    public boolean punctuated() {
        return punctuate || smartFormat;
    }

    /** Whether spoken numbers are written as digits. */
    public boolean digits() {
        return numerals || smartFormat;
    }
}
