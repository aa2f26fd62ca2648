package dev.earshot.server.ops.requests;

import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.Client;
import dev.earshot.server.session.events.RequestRecord.Kind;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request log's one writer: records wait in a bounded queue and {@code earshot-requestlog} writes them in
 * batches, one transaction each, and applies the retention every minute. Offering never blocks: a full queue
 * drops the record and counts it. A failing database loses the batch, counts it, and is reported at most once
 * a minute; the next batch tries again on a new connection.
 */
final class RequestWriter implements Runnable {
    /** Endings held while the database is slow: seconds of a busy server's, a few megabytes at most. */
    static final int DEFAULT_CAPACITY = 4_096;
    /** Rows per transaction: one commit (one fsync) per batch is what keeps SQLite fast. */
    private static final int MAX_BATCH = 500;
    private static final Duration RETENTION_EVERY = Duration.ofMinutes(1);
    private static final Duration REPORT_EVERY = Duration.ofMinutes(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(RequestWriter.class);
    /** Wakes the writer to finish: compared by identity, never written. */
    private static final RequestRecord STOP = new RequestRecord("stop", Kind.OTHER, Instant.EPOCH, Instant.EPOCH,
            new Client(null, null, null, null, null, null), 0, 0, null, 0, 0, 0, null, null, List.of(), List.of(), null);

    private final BlockingQueue<RequestRecord> queue;
    private final RequestStore store;
    private final Retention retention;
    private final Clock clock;
    private final String database;
    private final Thread thread;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closing;
    /** Writer thread only: when the retention is next due, and failures not yet reported. */
    private long retentionDueNanos;
    private long unreported;
    private long reportedNanos;
    private boolean reportedOnce;

    RequestWriter(RequestStore store, Retention retention, Clock clock, int capacity, String database) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.store = store;
        this.retention = retention;
        this.clock = clock;
        this.database = database;
        this.thread = new Thread(this, "earshot-requestlog");
        thread.setDaemon(true);
    }

    void start() {
        retentionDueNanos = System.nanoTime() + RETENTION_EVERY.toNanos();
        thread.start();
    }

    /** Never blocks, never throws: a record that finds the queue full (or the log closed) is counted as dropped. */
    void offer(RequestRecord record) {
        if (record == null || closing || !queue.offer(record)) {
            dropped.incrementAndGet();
        }
    }

    @Override
    public void run() {
        List<RequestRecord> batch = new ArrayList<>(MAX_BATCH);
        while (!(closing && queue.isEmpty())) {
            RequestRecord first;
            try {
                first = queue.poll(Math.max(0, retentionDueNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                break;
            }
            if (first != null) {
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                batch.removeIf(record -> record == STOP);
                write(batch);
                batch.clear();
            }
            if (System.nanoTime() - retentionDueNanos >= 0) {
                applyRetention();
                retentionDueNanos = System.nanoTime() + RETENTION_EVERY.toNanos();
            }
        }
        // Whatever came in after the last batch, when the writer was interrupted, is lost: count it.
        dropped.addAndGet(queue.size() - (queue.remove(STOP) ? 1 : 0));
        store.close();
    }

    private void write(List<RequestRecord> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            store.write(batch);
            written.addAndGet(batch.size());
        } catch (SQLException | RuntimeException e) {
            failed.addAndGet(batch.size());
            report(batch.size() + " request(s) not written", e);
        }
    }

    private void applyRetention() {
        try {
            store.applyRetention(clock.instant(), retention);
        } catch (SQLException | RuntimeException e) {
            report("retention not applied", e);
        }
    }

    /** Logs the first failure at once, then at most one line a minute with how many failed since. */
    private void report(String what, Exception e) {
        unreported++;
        long now = System.nanoTime();
        if (reportedOnce && now - reportedNanos < REPORT_EVERY.toNanos()) {
            return;
        }
        LOG.warn("request log: {} to {} ({} failure(s) since the last report); streams are unaffected: {}",
                what, database, unreported, RequestLog.oneLine(e));
        unreported = 0;
        reportedNanos = now;
        reportedOnce = true;
    }

    /** Writes what is queued, then stops; waits for it at most {@link #STOP_WAIT}. */
    void close() throws InterruptedException {
        closing = true;
        if (thread.getState() == Thread.State.NEW) {
            store.close();
            return;
        }
        queue.offer(STOP);
        thread.join(STOP_WAIT.toMillis());
        if (thread.isAlive()) {
            LOG.warn("request log: the writer did not finish within {}; {} request(s) not written", STOP_WAIT,
                    queue.size());
            thread.interrupt();
        }
    }

    long written() {
        return written.get();
    }

    long dropped() {
        return dropped.get();
    }

    long failed() {
        return failed.get();
    }

    int queued() {
        return queue.size();
    }
}
