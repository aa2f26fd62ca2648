package dev.earshot.server.ops.metrics;

import dev.earshot.server.ops.ServerReadings;
/** Readings a test sets by hand: the fields are read by the scrape's thread. */
final class FakeReadings implements ServerReadings {
    volatile int activeStreams;
    volatile int activeFiles;
    volatile int maxStreams = 12;
    volatile int maxFiles = 2;
    volatile boolean draining;
    volatile int warmRecognizers;
    volatile int warmUpPlanned;
    volatile int warmUpDone;
    volatile LaneWaits streamLaneWaits = LaneWaits.NONE;
    volatile LaneWaits batchLaneWaits = LaneWaits.NONE;

    @Override
    public int activeStreams() {
        return activeStreams;
    }

    @Override
    public int activeFluxStreams() {
        return 0;
    }

    @Override
    public int activeFiles() {
        return activeFiles;
    }

    @Override
    public int maxStreams() {
        return maxStreams;
    }

    @Override
    public int maxFiles() {
        return maxFiles;
    }

    @Override
    public boolean draining() {
        return draining;
    }

    @Override
    public int warmRecognizers() {
        return warmRecognizers;
    }

    @Override
    public int warmUpPlanned() {
        return warmUpPlanned;
    }

    @Override
    public int warmUpDone() {
        return warmUpDone;
    }

    @Override
    public LaneWaits streamLaneWaits() {
        return streamLaneWaits;
    }

    @Override
    public LaneWaits batchLaneWaits() {
        return batchLaneWaits;
    }

    @Override
    public double warmUpProgress() {
        return warmUpPlanned == 0 ? 1.0 : (double) warmUpDone / warmUpPlanned;
    }

    @Override
    public java.time.Duration uptime() {
        return java.time.Duration.ofSeconds(1);
    }

    @Override
    public String version() {
        return "test";
    }
}
