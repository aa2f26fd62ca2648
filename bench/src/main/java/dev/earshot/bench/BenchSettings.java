package dev.earshot.bench;

import dev.earshot.bench.audio.WireAudio;
import dev.earshot.bench.audio.WireFormat;
import dev.earshot.bench.load.CapacitySearch;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * A run of the bench, as the command line asked for it, checked by {@link BenchCommand}.
 *
 * @param apiKey        the key for {@code url}; null when the bench starts its own server or none
 * @param serverPid     a local server's pid, to read its CPU and memory; null when not given
 * @param decodeThreads engine threads of a spawned server; null for its default
 * @param warmUp        recognisers a spawned server warms at start; null for serve's default
 * @param streams       --streams as given; null when not given
 * @param duration      how long each stream plays; null for one fixture
 * @param stagger       between the starts of a step's streams; zero: all at once
 * @param idleSessions  --idle N; 0 when not asked
 * @param idleRate      idle sessions opened per second; 0 for the default pacing
 * @param fixtures      a directory of NAME.wav + NAME.txt; null for the bundled fixtures
 * @param wireFormat    how streams carry audio to the server (--wire; --telephony is mulaw-8k)
 * @param accuracy      --accuracy: the engine alone and the server compared on whole fixtures
 * @param postFiles     a directory whose files are posted to the server beside the streams; null for none
 * @param postClients   how many of those posts are under way at once
 */
record BenchSettings(URI url, String apiKey, boolean spawn, Path model, Long serverPid, Integer decodeThreads,
                     Integer warmUp, List<Integer> streams, boolean findMax, int rampStep, int rampLimit,
                     Duration lagBound, Duration duration, boolean fast, Duration stagger, int endpointingMs,
                     boolean engineOnly, boolean firstWords, boolean efficiency, int idleSessions, double idleRate,
                     Duration idleHold, Path json, Path plot, Path fixtures, WireFormat wireFormat, boolean accuracy,
                     Path postFiles, int postClients) {
    /** Without --streams: a quick look at one, two and four streams. */
    static final List<Integer> DEFAULT_STEPS = List.of(1, 2, 4);

    BenchSettings {
        streams = streams == null ? null : List.copyOf(streams);
    }

    /**
     * How the load steps' streams carry the fixtures' audio (at {@code fixtureRateHz}) on the wire: the
     * default is linear16 at the fixtures' own rate. Ogg/Opus is --accuracy's alone, which sends its own clips;
     * the server check before it sends linear16.
     */
    WireAudio wire(int fixtureRateHz) {
        WireAudio raw = wireFormat.raw();
        return raw == null || wireFormat == WireFormat.LINEAR16_16K ? WireAudio.linear16(fixtureRateHz) : raw;
    }

    boolean idle() {
        return idleSessions > 0;
    }

    /** For the report: what kind of run this is. */
    String mode() {
        if (efficiency) {
            return "efficiency";
        }
        if (firstWords) {
            return "first-words";
        }
        if (idle()) {
            return "idle";
        }
        if (accuracy) {
            return "accuracy";
        }
        String kind = findMax ? "find-max" : "steps";
        return engineOnly ? "engine-only " + kind : kind;
    }

    /** The stream counts of plain steps, or of the accuracy comparison (one stream unless asked). */
    List<Integer> stepCounts() {
        return streams != null ? streams : accuracy ? List.of(1) : DEFAULT_STEPS;
    }

    /** The counts find-max ramps through: --streams if given, else every --ramp-step up to --ramp-limit. */
    List<Integer> ramp() {
        return streams != null ? streams : CapacitySearch.ramp(rampStep, rampLimit);
    }

    /** With --idle: the active streams held meanwhile (--streams K); 0 for none. */
    int activeStreams() {
        return idle() && streams != null ? streams.get(0) : 0;
    }

    /** The most streams the run holds at once: a spawned server must admit that many. */
    int mostStreams() {
        if (idle()) {
            return idleSessions + activeStreams();
        }
        return Collections.max(findMax || efficiency ? ramp() : stepCounts());
    }
}
