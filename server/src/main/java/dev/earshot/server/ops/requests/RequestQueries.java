package dev.earshot.server.ops.requests;

import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.Kind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the request log for the management API. One connection, one query at a time: the API is for an
 * operator, not for traffic, and a second connection would only contend with the writer. Never called from
 * {@code /v1/status} or {@code /metrics}, which must not wait on a database.
 */
final class RequestQueries implements AutoCloseable {
    /** A query the indexes serve takes milliseconds; one that takes this long holds the operator's page up. */
    private static final int QUERY_TIMEOUT_SECONDS = 10;
    private static final long MILLIS_PER_DAY = 86_400_000L;
    /** Usage counts what was transcribed or asked to be: live streams and files, not refused status calls. */
    private static final String USAGE = "SELECT started_ms / " + MILLIS_PER_DAY + " AS day, SUM(audio_seconds) "
            + "AS audio_seconds, COUNT(*) AS requests FROM requests WHERE kind IN ('STREAM', 'FILE') "
            + "AND started_ms >= ? AND started_ms < ? GROUP BY started_ms / " + MILLIS_PER_DAY + " ORDER BY day";

    /** One day's usage: audio transcribed and requests made, whether they succeeded or not. */
    record UsageDay(LocalDate day, double audioSeconds, long requests) {
    }

    @FunctionalInterface
    private interface Work<T> {
        T on(Connection connection) throws SQLException;
    }

    private final Database database;
    /** Guarded by this. */
    private Connection connection;

    RequestQueries(Database database) {
        this.database = database;
    }

    /** The requests that match, newest first; ties in time by request id. */
    synchronized List<RequestRecord> list(RequestQuery query) throws SQLException {
        if (query.kinds() != null && query.kinds().isEmpty()) {
            return List.of();
        }
        List<Object> values = new ArrayList<>();
        String sql = "SELECT " + RequestRows.COLUMNS + " FROM requests" + where(query, values)
                + " ORDER BY started_ms DESC, request_id DESC LIMIT ? OFFSET ?";
        values.add(query.limit());
        values.add(query.offset());
        return run(connection -> {
            try (PreparedStatement select = prepare(connection, sql, values); ResultSet rows = select.executeQuery()) {
                List<RequestRecord> records = new ArrayList<>();
                while (rows.next()) {
                    records.add(RequestRows.read(rows));
                }
                return records;
            }
        });
    }

    synchronized Optional<RequestRecord> find(String requestId) throws SQLException {
        String sql = "SELECT " + RequestRows.COLUMNS + " FROM requests WHERE request_id = ?";
        return run(connection -> {
            try (PreparedStatement select = prepare(connection, sql, List.of(requestId));
                 ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.of(RequestRows.read(rows)) : Optional.empty();
            }
        });
    }

    /** Usage per UTC day of requests that started in [from, to), oldest first; days without any are left out. */
    synchronized List<UsageDay> usage(Instant from, Instant to) throws SQLException {
        return run(connection -> {
            try (PreparedStatement select = prepare(connection, USAGE, List.of(from.toEpochMilli(), to.toEpochMilli()));
                 ResultSet rows = select.executeQuery()) {
                List<UsageDay> days = new ArrayList<>();
                while (rows.next()) {
                    LocalDate day = LocalDate.ofEpochDay(rows.getLong("day"));
                    days.add(new UsageDay(day, rows.getDouble("audio_seconds"), rows.getLong("requests")));
                }
                return days;
            }
        });
    }

    /** When the oldest request kept started, if any is. */
    synchronized Optional<Instant> oldest() throws SQLException {
        return run(connection -> {
            try (PreparedStatement select = prepare(connection, "SELECT MIN(started_ms) FROM requests", List.of());
                 ResultSet rows = select.executeQuery()) {
                long oldest = rows.next() ? rows.getLong(1) : 0;
                return rows.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(oldest));
            }
        });
    }

    /** The WHERE clause of the query's filters, their values appended to {@code values}. */
    private static String where(RequestQuery query, List<Object> values) {
        List<String> conditions = new ArrayList<>();
        if (query.from() != null) {
            conditions.add("started_ms >= ?");
            values.add(query.from().toEpochMilli());
        }
        if (query.to() != null) {
            conditions.add("started_ms < ?");
            values.add(query.to().toEpochMilli());
        }
        if (query.status() != null) {
            conditions.add(query.status().condition());
            values.addAll(query.status().values());
        }
        if (query.requestId() != null) {
            conditions.add("request_id = ?");
            values.add(query.requestId());
        }
        if (query.keyFingerprint() != null) {
            conditions.add("key_fingerprint = ?");
            values.add(query.keyFingerprint());
        }
        if (query.kinds() != null && query.kinds().size() < Kind.values().length) {
            conditions.add("kind IN (" + String.join(", ", query.kinds().stream().map(k -> "?").toList()) + ")");
            query.kinds().stream().map(Kind::name).sorted().forEach(values::add);
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> values) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            for (int i = 0; i < values.size(); i++) {
                statement.setObject(i + 1, values.get(i));
            }
            return statement;
        } catch (SQLException e) {
            statement.close();
            throw e;
        }
    }

    /** Runs on the connection, made anew if the last one failed. */
    private <T> T run(Work<T> work) throws SQLException {
        try {
            if (connection == null) {
                connection = database.connect();
            }
            return work.on(connection);
        } catch (SQLException e) {
            close();
            throw e;
        }
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Dropped because it failed or because the log is closing; either way nothing waits on it.
            }
            connection = null;
        }
    }
}
