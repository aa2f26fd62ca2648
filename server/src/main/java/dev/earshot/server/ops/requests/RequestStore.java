package dev.earshot.server.ops.requests;

import dev.earshot.server.session.events.RequestRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

/**
 * Writes the request log: batches of records, one transaction each, and the retention deletes. Used by the
 * writer thread only, which owns its connection; a connection that failed is dropped and made anew next time.
 */
final class RequestStore implements AutoCloseable {
    private static final String DELETE_OLDER = "DELETE FROM requests WHERE started_ms < ?";
    /** Everything older than the {@code maxRows}-th newest; rows tied with it are kept. Uses requests_by_time. */
    private static final String DELETE_BEYOND = "DELETE FROM requests WHERE started_ms < "
            + "(SELECT started_ms FROM requests ORDER BY started_ms DESC LIMIT 1 OFFSET ?)";

    private final Database database;
    private final boolean keepTranscripts;
    /** Writer thread only. */
    private Connection connection;

    /** @param keepTranscripts when false, no transcript is ever stored */
    RequestStore(Database database, boolean keepTranscripts) {
        this.database = database;
        this.keepTranscripts = keepTranscripts;
    }

    void write(List<RequestRecord> batch) throws SQLException {
        Connection connection = connection();
        try (PreparedStatement insert = connection.prepareStatement(RequestRows.INSERT)) {
            for (RequestRecord record : batch) {
                RequestRows.bind(insert, record, keepTranscripts);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    /** @return the rows deleted */
    int applyRetention(Instant now, Retention retention) throws SQLException {
        Connection connection = connection();
        try (PreparedStatement older = connection.prepareStatement(DELETE_OLDER);
             PreparedStatement beyond = connection.prepareStatement(DELETE_BEYOND)) {
            older.setLong(1, now.minus(retention.maxAge()).toEpochMilli());
            beyond.setLong(1, retention.maxRows() - 1);
            int deleted = older.executeUpdate() + beyond.executeUpdate();
            connection.commit();
            return deleted;
        } catch (SQLException | RuntimeException e) {
            discard();
            throw e;
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null) {
            Connection fresh = database.connect();
            fresh.setAutoCommit(false);
            connection = fresh;
        }
        return connection;
    }

    /** Rolls back what a failed statement began and closes the connection; errors in doing so add nothing. */
    private void discard() {
        if (connection == null) {
            return;
        }
        try (Connection failed = connection) {
            failed.rollback();
        } catch (SQLException ignored) {
            // The connection is being dropped because it failed; its own failure to close tells nothing new.
        }
        connection = null;
    }

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Shutting down: nothing is left to write on it.
            }
            connection = null;
        }
    }
}
