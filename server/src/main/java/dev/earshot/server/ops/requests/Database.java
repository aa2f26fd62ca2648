package dev.earshot.server.ops.requests;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * Where the request log lives: embedded SQLite in a file of the data directory (the default), or PostgreSQL
 * at a {@code jdbc:postgresql://} URL. Opens connections set up for either, and migrates the one schema.
 */
final class Database {
    enum Vendor { SQLITE, POSTGRESQL }

    /** The request log's file in the data directory, when no database URL is given. */
    static final String SQLITE_FILE = "requests.db";
    private static final String MIGRATIONS = "classpath:db/requests";
    /** Flyway's own table, named for the log so that a PostgreSQL database shared with others stays readable. */
    private static final String HISTORY_TABLE = "requests_schema_history";
    /** How long SQLite waits for its file's lock (a reader, a backup) before the statement fails. */
    private static final int SQLITE_BUSY_TIMEOUT_MS = 5_000;
    /** A PostgreSQL that does not accept a connection in this long is down: failing a batch beats waiting. */
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** No statement of the log takes this long when the server is well; past it, the socket is dead. */
    private static final int SOCKET_TIMEOUT_SECONDS = 60;

    private final Vendor vendor;
    private final String url;

    private Database(Vendor vendor, String url) {
        this.vendor = vendor;
        this.url = url;
    }

    /**
     * @param jdbcUrlOrNull a {@code jdbc:postgresql:} or {@code jdbc:sqlite:} URL, or null for SQLite in {@code dataDir}
     * @throws IOException when the data directory cannot be made
     */
    static Database at(String jdbcUrlOrNull, Path dataDir) throws IOException {
        if (jdbcUrlOrNull == null || jdbcUrlOrNull.isBlank()) {
            Objects.requireNonNull(dataDir, "a data directory, when no database URL is given");
            return new Database(Vendor.SQLITE, "jdbc:sqlite:" + ownerOnlyFile(dataDir).toAbsolutePath());
        }
        String url = jdbcUrlOrNull.trim();
        if (url.startsWith("jdbc:postgresql:")) {
            return new Database(Vendor.POSTGRESQL, url);
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return new Database(Vendor.SQLITE, url);
        }
        throw new IllegalArgumentException("Invalid database URL '" + redacted(url) + "': expected "
                + "jdbc:postgresql://host[:port]/database or jdbc:sqlite:<file>");
    }

    /**
     * The SQLite file, made readable by its owner only when it is new: it may hold transcripts, and SQLite
     * gives its -wal and -shm files the same mode. An empty file is an empty database.
     */
    private static Path ownerOnlyFile(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve(SQLITE_FILE);
        if (!Files.exists(file) && dataDir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (FileAlreadyExistsException raced) {
                // Another process made it first: it is the same database.
            }
        }
        return file;
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (vendor == Vendor.POSTGRESQL) {
            properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
            properties.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
            properties.setProperty("ApplicationName", "earshot request log");
        }
        Connection connection = DriverManager.getConnection(url, properties);
        if (vendor == Vendor.SQLITE) {
            // WAL: the API's reads never wait for the writer's batch, nor the batch for them. NORMAL is safe
            // from corruption in WAL; a power cut may lose the last batches, which a log can afford.
            try (Statement pragmas = connection.createStatement()) {
                pragmas.execute("PRAGMA busy_timeout=" + SQLITE_BUSY_TIMEOUT_MS);
                pragmas.execute("PRAGMA journal_mode=WAL");
                pragmas.execute("PRAGMA synchronous=NORMAL");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
        }
        return connection;
    }

    /** Brings the schema up to date (db/requests/V*__*.sql). */
    void migrate() {
        Flyway.configure(Database.class.getClassLoader())
                .dataSource(url, null, null)
                .locations(MIGRATIONS)
                .table(HISTORY_TABLE)
                .load()
                .migrate();
    }

    /** The database for messages and logs: the URL with any password hidden. */
    @Override
    public String toString() {
        return redacted(url);
    }

    private static String redacted(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//[^/@]*:[^/@]*@", "//***@");
    }
}
