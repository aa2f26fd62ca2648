package dev.earshot.bench.accuracy;

import dev.earshot.bench.measure.WordErrors;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * What one side of the comparison heard at one N, per fixture: word errors summed over the sessions that
 * ended as they should, and how many did not. Sessions on many stream threads add to it; synchronized.
 */
public final class FixtureTally {
    /** Enough failure descriptions to say what went wrong without flooding the report. */
    static final int MAX_FAILURES = 5;

    /** One fixture's sessions: their summed word errors, how many were played, how many failed. */
    public record Counts(WordErrors words, int plays, int failed) {
        public static final Counts NONE = new Counts(WordErrors.NONE, 0, 0);

        Counts plus(SessionPlayer.Heard heard) {
            return new Counts(words.plus(heard.words()), plays + 1, failed + (heard.ok() ? 0 : 1));
        }

        public Counts plus(Counts other) {
            return new Counts(words.plus(other.words), plays + other.plays, failed + other.failed);
        }
    }

    private final Counts[] counts;
    private final List<String> failures = new ArrayList<>();

    public FixtureTally(int fixtures) {
        counts = new Counts[fixtures];
        Arrays.fill(counts, Counts.NONE);
    }

    public synchronized void add(int fixture, SessionPlayer.Heard heard) {
        counts[fixture] = counts[fixture].plus(heard);
        if (!heard.ok() && failures.size() < MAX_FAILURES) {
            failures.add(heard.failure());
        }
    }

    public synchronized Counts fixture(int index) {
        return counts[index];
    }

    public synchronized Counts total() {
        Counts total = Counts.NONE;
        for (Counts each : counts) {
            total = total.plus(each);
        }
        return total;
    }

    public synchronized List<String> failures() {
        return Collections.unmodifiableList(new ArrayList<>(failures));
    }
}
