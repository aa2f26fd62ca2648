package dev.earshot.bench.accuracy;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --accuracy}: the engine alone and the server on the same fixtures, at each N, as the table and
 * {@code --json} give it. Rates are fractions rounded to four places (hundredths of a point); the difference is
 * taken between those rounded rates, so that the printed figures add up.
 *
 * @param wire             the {@code --wire} format
 * @param wireAudio        what that format sends, in words
 * @param query            the server streams' query
 * @param narrowbandSource for 8 kHz formats: whether the fixtures' own 8 kHz recordings were sent
 * @param schedule         which fixtures each stream plays
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AccuracyReport(String wire, String wireAudio, String query, String narrowbandSource, int endpointingMs,
                             boolean realTime, String schedule, List<Step> steps) {
    public static final String SCHEDULE = "each of N streams plays every fixture, one live session (one recogniser"
            + " for the engine alone) per fixture, one after another, stream i starting at fixture i";

    public AccuracyReport {
        steps = List.copyOf(steps);
    }

    /** One N: a row per fixture (summed over its N plays), the total, and what went wrong. */
    public record Step(int streams, List<Row> fixtures, Row total, List<String> failures) {
        public Step {
            fixtures = List.copyOf(fixtures);
            failures = List.copyOf(failures);
        }
    }

    /**
     * @param referenceWords   the fixture's reference words (the total's: all fixtures'), once
     * @param plays            sessions that played it at this N, on each side
     * @param engineWer        word error rate of the engine alone's sessions that ended as they should
     * @param serverWer        the same for the server's
     * @param differencePoints server minus engine, in percentage points; positive: the server is worse
     */
    public record Row(String fixture, int referenceWords, int plays, Double engineWer, Double serverWer,
                      Double differencePoints, int engineFailed, int serverFailed) {
        static Row of(String fixture, int referenceWords, FixtureTally.Counts engine, FixtureTally.Counts server) {
            Double engineWer = rounded(engine.words().rate());
            Double serverWer = rounded(server.words().rate());
            Double difference = engineWer == null || serverWer == null ? null
                    : Math.round((serverWer - engineWer) * 10_000) / 100.0;
            return new Row(fixture, referenceWords, Math.max(engine.plays(), server.plays()), engineWer, serverWer,
                    difference, engine.failed(), server.failed());
        }

        private static Double rounded(Double rate) {
            return rate == null ? null : Math.round(rate * 10_000) / 10_000.0;
        }
    }

    /** Sums up one N from both sides' tallies over the same clips. */
    public static Step step(int streams, List<AccuracyClip> clips, FixtureTally engine, FixtureTally server) {
        List<Row> rows = new ArrayList<>();
        int words = 0;
        for (int i = 0; i < clips.size(); i++) {
            AccuracyClip clip = clips.get(i);
            rows.add(Row.of(clip.fixture(), clip.referenceWords(), engine.fixture(i), server.fixture(i)));
            words += clip.referenceWords();
        }
        List<String> failures = new ArrayList<>();
        engine.failures().forEach(failure -> failures.add("engine alone: " + failure));
        server.failures().forEach(failure -> failures.add("server: " + failure));
        return new Step(streams, rows, Row.of("total", words, engine.total(), server.total()), failures);
    }
}
