package dev.earshot.server.ops;

import java.time.Duration;

/**
 * What the server is doing now, read by status and metrics at each request. Every reading is a field or a
 * counter: nothing here may wait on a lock held by work, or on the database.
 */
public interface ServerReadings {
    int activeStreams();

    int maxStreams();

    int activeFiles();

    int maxFiles();

    /** Recognisers kept warm now, ready for new streams. */
    int warmRecognizers();

    /** 0 to 1: how much of the start-up warm-up is done. */
    double warmUpProgress();

    boolean draining();

    Duration uptime();

    /** The server's version, from its jar; {@code dev} when run from classes. */
    String version();
}
