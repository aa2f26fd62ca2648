package dev.earshot.server.ops.requests;

import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.events.RequestRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;

/**
 * The request log (issue 18): every request that ends is written to a database, SQLite in the data directory
 * or PostgreSQL, and read back by the {@link ManagementApi}. Hearing a request never blocks nor fails it: the
 * record is queued for one writer thread, and dropped and counted when the queue is full. An unusable database
 * fails {@link #open} with a one-line reason; one that fails later is logged, counted, and tried again.
 */
public final class RequestLog implements RequestEvents, AutoCloseable {
    /** The log's SQLite file in the data directory, when no database URL is given. */
    public static final String SQLITE_FILE = Database.SQLITE_FILE;

    /** The database cannot be used at start: its message is one line naming it and the cause. */
    public static final class Unusable extends Exception {
        private static final long serialVersionUID = 1L;

        Unusable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Database database;
    private final RequestWriter writer;
    private final RequestQueries queries;

    RequestLog(Database database, Retention retention, boolean keepTranscripts, int capacity, Clock clock) {
        this.database = database;
        this.writer = new RequestWriter(new RequestStore(database, keepTranscripts), retention, clock, capacity,
                database.toString());
        this.queries = new RequestQueries(database);
    }

    /**
     * Opens the log: migrates the schema, applies the retention once (which also proves the database writable),
     * and starts the writer.
     *
     * @param jdbcUrlOrNull   {@code jdbc:postgresql://host/db?user=...}, or null for SQLite at
     *                        {@code dataDir/}{@value #SQLITE_FILE}
     * @param keepTranscripts whether final transcripts are stored; when false they never are
     */
    public static RequestLog open(String jdbcUrlOrNull, Path dataDir, Retention retention, boolean keepTranscripts)
            throws Unusable {
        Database database;
        try {
            database = Database.at(jdbcUrlOrNull, dataDir);
        } catch (IOException e) {
            throw new Unusable("request log: cannot make the data directory " + dataDir + ": " + oneLine(e), e);
        } catch (IllegalArgumentException e) {
            throw new Unusable("request log: " + e.getMessage(), e);
        }
        try (RequestStore probe = new RequestStore(database, keepTranscripts)) {
            // Reach it first: Flyway retries a database that fails it for ten seconds before giving up.
            database.connect().close();
            database.migrate();
            probe.applyRetention(Clock.systemUTC().instant(), retention);
        } catch (SQLException | RuntimeException e) {
            // Flyway's failures (a FlywayException) are runtime exceptions around the driver's.
            throw new Unusable("request log: cannot write to " + database + ": " + oneLine(e), e);
        }
        RequestLog log = new RequestLog(database, retention, keepTranscripts, RequestWriter.DEFAULT_CAPACITY,
                Clock.systemUTC());
        log.start();
        return log;
    }

    void start() {
        writer.start();
    }

    /** Queues the record for the writer; never blocks, never throws. */
    @Override
    public void ended(RequestRecord record) {
        writer.offer(record);
    }

    /** Requests written to the database. */
    public long written() {
        return writer.written();
    }

    /** Requests dropped because the queue was full (the database too slow) or the log closed. */
    public long dropped() {
        return writer.dropped();
    }

    /** Requests lost because the database failed to take them. */
    public long failed() {
        return writer.failed();
    }

    /** Requests waiting for the writer. */
    public int queued() {
        return writer.queued();
    }

    /** The database, for the start-up line: a file's URL, or PostgreSQL's with any password hidden. */
    public String database() {
        return database.toString();
    }

    RequestQueries queries() {
        return queries;
    }

    /** Writes what is queued (waiting up to 10 s), then closes the connections. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queries.close();
    }

    /** The innermost cause's first line: Flyway's and the drivers' messages run to many lines. */
    static String oneLine(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage().strip().lines().findFirst().orElse("");
        boolean bare = message.isEmpty() || cause instanceof IOException;
        return bare ? cause.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message) : message;
    }
}
