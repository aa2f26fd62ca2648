package dev.earshot.server.ops.requests;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** The request log a server's settings ask for: {@code sqlite} (a file in the data directory), none, or a URL. */
public final class RequestLogs {
    public static final String SQLITE = "sqlite";
    public static final String NONE = "none";

    private RequestLogs() {
    }

    /**
     * @param database {@code sqlite}, {@code none}, or a JDBC URL
     * @throws RequestLog.Unusable with a one-line reason when the database cannot be written
     */
    public static Optional<RequestLog> open(String database, Path dataDir, Duration maxAge, long maxRows,
                                            boolean keepTranscripts) throws RequestLog.Unusable {
        if (NONE.equals(database)) {
            return Optional.empty();
        }
        String url = SQLITE.equals(database) ? null : database;
        return Optional.of(RequestLog.open(url, dataDir, new Retention(maxAge, maxRows), keepTranscripts));
    }
}
