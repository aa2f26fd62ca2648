package dev.earshot.server.ops.status;

import dev.earshot.protocol.ServiceStatus;
import dev.earshot.server.ops.ServerReadings;
import java.util.Optional;

/** Whether new work is welcome, and the health word {@code /v1/status} reports: one rule for both. */
final class Readiness {
    private Readiness() {
    }

    /** Why new streams are not welcome now, in a sentence for {@code dg-error}; empty when they are. */
    static Optional<String> whyNot(ServerReadings readings) {
        if (readings.draining()) {
            return Optional.of("Not ready: the server is shutting down and accepts no new requests");
        }
        if (readings.warmUpProgress() < 1.0) {
            return Optional.of(String.format(java.util.Locale.ROOT, "Not ready: the engine is warming up (%.0f%% done);"
                    + " new work now would crawl", 100 * readings.warmUpProgress()));
        }
        if (readings.activeStreams() >= readings.maxStreams()) {
            return Optional.of("Not ready: this server is at its limit of " + readings.maxStreams()
                    + " concurrent streams");
        }
        return Optional.empty();
    }

    static String health(ServerReadings readings) {
        if (readings.warmUpProgress() < 1.0 && !readings.draining()) {
            return ServiceStatus.INITIALIZING;
        }
        if (readings.draining() || readings.activeStreams() >= readings.maxStreams()) {
            return ServiceStatus.DEGRADED;
        }
        return readings.activeStreams() + readings.activeFiles() == 0 ? ServiceStatus.READY : ServiceStatus.HEALTHY;
    }
}
