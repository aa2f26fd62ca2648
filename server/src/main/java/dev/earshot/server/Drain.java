package dev.earshot.server;

import dev.earshot.server.session.LiveSession;
import dev.earshot.server.transport.Admission;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The drain of a graceful shutdown (docs/operations.md): no new work from now on; running streams and files
 * get the drain period; then each stream still open flushes its finals, Metadata and 1001, and the drain
 * waits for its Close frame to go out before the caller stops Jetty.
 */
final class Drain {
    private static final Logger LOG = LoggerFactory.getLogger(Drain.class);
    /** After the drain period, how long streams get to flush their finals, Metadata and 1001. */
    static final Duration FINISH_GRACE = Duration.ofSeconds(10);

    private final Admission admission;
    private final IntSupplier filesInProgress;
    private final Duration drainPeriod;

    Drain(Admission admission, IntSupplier filesInProgress, Duration drainPeriod) {
        this.admission = admission;
        this.filesInProgress = filesInProgress;
        this.drainPeriod = drainPeriod;
    }

    /** Blocks until everything running has finished or been ended, within the drain period and the grace. */
    void run() {
        admission.startDraining();
        int streams = admission.runningCount();
        int files = filesInProgress.getAsInt();
        if (streams + files == 0) {
            return;
        }
        LOG.info("draining: {} stream(s) and {} file(s) may finish within {} s; new requests get 503", streams,
                files, drainPeriod.toSeconds());
        await(this::idle, drainPeriod);
        List<LiveSession> cut = admission.running();
        for (LiveSession session : cut) {
            session.shutdown();
        }
        await(this::idle, FINISH_GRACE);
        await(() -> admission.openSockets() == 0, FINISH_GRACE);
        LOG.info("drained: {} stream(s) finished by themselves, {} ended with 1001; {} file(s) still running",
                streams - cut.size(), cut.size(), filesInProgress.getAsInt());
    }

    private boolean idle() {
        return admission.runningCount() + filesInProgress.getAsInt() == 0;
    }

    /** Waits until {@code done}, or {@code limit}: shutdown is rare, and a 20 ms poll costs nothing. */
    private static void await(BooleanSupplier done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
