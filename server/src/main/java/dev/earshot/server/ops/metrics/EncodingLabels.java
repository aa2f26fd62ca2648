package dev.earshot.server.ops.metrics;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The {@code encoding} label of the audio counter. The server names encodings from a short list of its own
 * ({@code linear16}, {@code ogg/opus}, ...), but each value is a time series kept until the server stops, so
 * the label is bounded here too: a value that does not look like an encoding, and any beyond the first
 * {@link #MAX_VALUES}, count as {@code other}. Thread-safe.
 */
final class EncodingLabels {
    /** Twice the encodings and containers the server knows today. */
    static final int MAX_VALUES = 32;
    static final String OTHER = "other";
    static final String UNKNOWN = "unknown";
    private static final Pattern PLAUSIBLE = Pattern.compile("[a-z0-9][a-z0-9/._+-]{0,31}");

    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    String of(String encoding) {
        if (encoding == null || encoding.isEmpty()) {
            return UNKNOWN;
        }
        String value = encoding.toLowerCase(Locale.ROOT);
        if (!PLAUSIBLE.matcher(value).matches()) {
            return OTHER;
        }
        if (seen.contains(value)) {
            return value;
        }
        synchronized (seen) {
            // Only the first sight of a value comes here; the bound holds however many threads race to it.
            if (!seen.contains(value) && seen.size() >= MAX_VALUES) {
                return OTHER;
            }
            seen.add(value);
            return value;
        }
    }
}
