package dev.earshot.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The text-formatting switches of {@code /v1/listen} (live-api.md §2). All default to false. They are the
 * query flags a stream opens with and the {@code features} a {@code Configure} may turn on or off mid-stream
 * (live-api.md §3), under the same wire names, listed once in {@link #FEATURES}.
 */
public record Formatting(boolean punctuate, boolean smartFormat, boolean numerals, boolean profanityFilter,
                         boolean fillerWords, boolean dictation) {
    public static final Formatting NONE = new Formatting(false, false, false, false, false, false);

    /** The wire names of the switches, in the order of the record's components. */
    public static final List<String> FEATURES = List.of("punctuate", "smart_format", "numerals", "profanity_filter",
            "filler_words", "dictation");

    /** The switches named by {@link #FEATURES} for which {@code on} holds. */
    public static Formatting of(Predicate<String> on) {
        return new Formatting(on.test("punctuate"), on.test("smart_format"), on.test("numerals"),
                on.test("profanity_filter"), on.test("filler_words"), on.test("dictation"));
    }

    /** Whether {@code name} is one of the {@link #FEATURES}. */
    public static boolean isFeature(String name) {
        return FEATURES.contains(name);
    }

    /**
     * These switches with the given ones changed.
     *
     * @param changes feature names from {@link #FEATURES} with their new values
     * @throws IllegalArgumentException for a name that is not a formatting feature
     */
    public Formatting with(Map<String, Boolean> changes) {
        for (String name : changes.keySet()) {
            if (!isFeature(name)) {
                throw new IllegalArgumentException("not a formatting feature: " + name);
            }
        }
        Map<String, Boolean> now = new LinkedHashMap<>(asFeatures());
        now.putAll(changes);
        return of(now::get);
    }

    /** Every switch by its wire name, in {@link #FEATURES} order. */
    public Map<String, Boolean> asFeatures() {
        boolean[] values = {punctuate, smartFormat, numerals, profanityFilter, fillerWords, dictation};
        Map<String, Boolean> features = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            features.put(FEATURES.get(i), values[i]);
        }
        return features;
    }

    /** Whether words carry {@code punctuated_word}: Deepgram adds it for punctuate and for smart_format. */
    public boolean punctuated() {
        return punctuate || smartFormat;
    }

    /** Whether spoken numbers are written as digits. */
    public boolean digits() {
        return numerals || smartFormat;
    }
}
