package dev.earshot.server.ops.requests;

import java.time.Duration;
import java.util.Objects;

/**
 * How much of the request log is kept: rows older than {@code maxAge} go, and beyond the newest
 * {@code maxRows} the oldest go. The writer applies it at start and then every minute.
 */
public record Retention(Duration maxAge, long maxRows) {
    /** A month answers "what happened last week" and keeps a busy server's SQLite file small. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(30);
    /** At ~1-2 KB a row, ~100-200 MB at most, and the newest-first listing stays fast. */
    public static final long DEFAULT_MAX_ROWS = 100_000;

    public Retention {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("the request log's retention age must be positive, not " + maxAge);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("the request log must keep at least 1 row, not " + maxRows);
        }
    }

    public static Retention defaults() {
        return new Retention(DEFAULT_MAX_AGE, DEFAULT_MAX_ROWS);
    }
}
