package dev.earshot.server.ops.requests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.Client;
import dev.earshot.server.session.events.RequestRecord.Kind;
import dev.earshot.server.session.events.RequestRecord.TimelineEntry;
import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link RequestRecord} as a row of {@code requests} (db/requests/V1__requests.sql) and back. Times keep
 * milliseconds; warnings are a JSON array of strings; the timeline a JSON array of {@code {"at": seconds, "event"}}.
 */
final class RequestRows {
    static final String COLUMNS = "request_id, kind, started_ms, ended_ms, key_fingerprint, method, path, query, "
            + "client_address, user_agent, audio_seconds, audio_bytes, encoding, results, finals, http_status, "
            + "close_code, close_reason, failed, warnings, timeline, transcript";
    /** A request id seen twice (it should not be) keeps its first row rather than failing the whole batch. */
    static final String INSERT = "INSERT INTO requests (" + COLUMNS + ") VALUES "
            + "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (request_id) DO NOTHING";
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private RequestRows() {
    }

    static void bind(PreparedStatement insert, RequestRecord record, boolean keepTranscript) throws SQLException {
        Client client = record.client();
        int column = 0;
        insert.setString(++column, text(record.requestId()));
        insert.setString(++column, record.kind().name());
        insert.setLong(++column, record.started().toEpochMilli());
        insert.setLong(++column, record.ended().toEpochMilli());
        insert.setString(++column, text(client.keyFingerprint()));
        insert.setString(++column, text(client.method()));
        insert.setString(++column, text(client.path()));
        insert.setString(++column, text(client.query()));
        insert.setString(++column, text(client.address()));
        insert.setString(++column, text(client.userAgent()));
        insert.setDouble(++column, record.audioSeconds());
        insert.setLong(++column, record.audioBytes());
        insert.setString(++column, text(record.encoding()));
        insert.setInt(++column, record.results());
        insert.setInt(++column, record.finals());
        insert.setInt(++column, record.httpStatus());
        if (record.closeCode() == null) {
            insert.setNull(++column, Types.INTEGER);
        } else {
            insert.setInt(++column, record.closeCode());
        }
        insert.setString(++column, text(record.closeReason()));
        insert.setBoolean(++column, record.failed());
        insert.setString(++column, text(warningsJson(record.warnings())));
        insert.setString(++column, text(timelineJson(record.timeline())));
        insert.setString(++column, keepTranscript ? text(record.transcript()) : null);
    }

    /** Reads the row at the cursor, selected as {@link #COLUMNS}. */
    static RequestRecord read(ResultSet row) throws SQLException {
        Client client = new Client(row.getString("client_address"), row.getString("user_agent"),
                row.getString("key_fingerprint"), row.getString("method"), row.getString("path"),
                row.getString("query"));
        int closeCode = row.getInt("close_code");
        Integer closeCodeOrNull = row.wasNull() ? null : closeCode;
        return new RequestRecord(row.getString("request_id"), Kind.valueOf(row.getString("kind")),
                Instant.ofEpochMilli(row.getLong("started_ms")), Instant.ofEpochMilli(row.getLong("ended_ms")), client,
                row.getDouble("audio_seconds"), row.getLong("audio_bytes"), row.getString("encoding"),
                row.getInt("results"), row.getInt("finals"), row.getInt("http_status"), closeCodeOrNull,
                row.getString("close_reason"), warnings(row.getString("warnings")),
                timeline(row.getString("timeline")), row.getString("transcript"));
    }

    /** PostgreSQL refuses NUL in text, and one such value would fail its whole batch. */
    private static String text(String value) {
        return value == null || value.indexOf('\0') < 0 ? value : value.replace('\0', '\uFFFD');
    }

    private static String warningsJson(List<String> warnings) {
        ArrayNode array = JSON.createArrayNode();
        warnings.forEach(array::add);
        return array.toString();
    }

    private static String timelineJson(List<TimelineEntry> timeline) {
        ArrayNode array = JSON.createArrayNode();
        for (TimelineEntry entry : timeline) {
            BigDecimal seconds = BigDecimal.valueOf(entry.at().getSeconds())
                    .add(BigDecimal.valueOf(entry.at().getNano(), 9)).stripTrailingZeros();
            // 10 s strips to 1E+1, which JSON would show as such: keep whole seconds whole.
            array.addObject().put("at", seconds.scale() < 0 ? seconds.setScale(0) : seconds).put("event", entry.event());
        }
        return array.toString();
    }

    private static List<String> warnings(String json) throws SQLException {
        List<String> warnings = new ArrayList<>();
        for (JsonNode warning : parse(json)) {
            warnings.add(warning.asText());
        }
        return warnings;
    }

    private static List<TimelineEntry> timeline(String json) throws SQLException {
        List<TimelineEntry> timeline = new ArrayList<>();
        for (JsonNode entry : parse(json)) {
            BigDecimal seconds = entry.path("at").decimalValue();
            long whole = seconds.longValue();
            long nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).longValue();
            timeline.add(new TimelineEntry(Duration.ofSeconds(whole, nanos), entry.path("event").asText()));
        }
        return timeline;
    }

    private static JsonNode parse(String json) throws SQLException {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new SQLException("a stored JSON list is not JSON: " + e.getOriginalMessage(), e);
        }
    }
}
