package dev.earshot.server.ops;

import java.time.Duration;

/**
 * What the server is doing now, as status and metrics read it at each request. The wiring implements this over what it
 * built (admission, file requests, the engine's pool, the warm-up, the decode lanes, the request log).
 *
 * <p>Called on the scrape's thread, possibly by two scrapes at once. Every method must return at once:
 * read a counter, a size or a volatile field; never wait on a lock that decoding or I/O holds for long,
 * never touch a disk or a database. A method must not throw: the scrape would fail whole.
 */
public interface ServerReadings {

    /** Live streams open now, Flux streams included. */
    int activeStreams();

    /** Of {@link #activeStreams()}, those on {@code /v2/listen} (Flux). */
    int activeFluxStreams();

    /** Pre-recorded files being transcribed now. */
    int activeFiles();

    /** Streams admitted at most at once (beyond that, 429). */
    int maxStreams();

    /** Files transcribed at most at once. */
    int maxFiles();

    /**
     * Streams this server can keep in real time. Earshot measures no such thing yet, so by default it is the
     * configured maximum, which the operator sized to the cores.
     */
    default int estimatedStreamCapacity() {
        return maxStreams();
    }

    /** Whether the server is draining for shutdown and refuses new streams. */
    boolean draining();

    /** Recognisers waiting warm in the engine's pool. */
    int warmRecognizers();

    /** Recognisers the start-up warm-up set out to warm (0 when there is none). */
    int warmUpPlanned();

    /** Of them, those done (warmed or failed). */
    int warmUpDone();

    /** Steps of live streams' decoding run so far, and how long they waited for their turn in total. */
    LaneWaits streamLaneWaits();

    /** The same for pre-recorded files and the warm-up, which wait behind live streams by design. */
    LaneWaits batchLaneWaits();

    /** 0 to 1: how much of the start-up warm-up's audio is decoded; 1 when there is none. */
    double warmUpProgress();

    Duration uptime();

    /** The server's version, from its jar; {@code dev} when run from classes. */
    String version();

    /** What became of the request log's records; zero until there is a request log. */
    default RequestLogCounts requestLog() {
        return RequestLogCounts.NONE;
    }

    /**
     * Totals since start, both only ever growing.
     *
     * @param steps       decoding steps run
     * @param waitedNanos how long those steps waited, from their arrival until they ran, added up
     */
    record LaneWaits(long steps, long waitedNanos) {
        public static final LaneWaits NONE = new LaneWaits(0, 0);
    }

    /**
     * Request log records since start, each only ever growing.
     *
     * @param written kept in the log
     * @param dropped not kept because the log's queue was full (the request went on unharmed)
     * @param failed  not kept because writing them failed
     */
    record RequestLogCounts(long written, long dropped, long failed) {
        public static final RequestLogCounts NONE = new RequestLogCounts(0, 0, 0);
    }
}
