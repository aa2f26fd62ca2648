package dev.earshot.server.ops.requests;

import static dev.earshot.server.ops.requests.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.server.testing.Await;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The log as the server uses it: hearing requests never blocks or throws, whatever the database does. */
@Timeout(30)
class RequestLogTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dataDir;

    @Test
    void writesWhatItHearsInTheDataDirectory() throws Exception {
        try (RequestLog log = RequestLog.open(null, dataDir, Retention.defaults(), true)) {
            Instant now = Instant.now();
            log.ended(Records.stream("a", now, 1000));
            log.ended(Records.stream("b", now.plusMillis(1), 1011));
            Await.until("two written", () -> log.written() == 2, WAIT);
            assertThat(log.queries().list(RequestQuery.newest(10))).extracting(r -> r.requestId()).containsExactly("b", "a");
            assertThat(log.queries().find("a").orElseThrow().transcript()).isEqualTo("hello world");
            assertThat(log.database()).isEqualTo("jdbc:sqlite:" + dataDir.resolve(RequestLog.SQLITE_FILE).toAbsolutePath());
        }
        assertThat(Files.getPosixFilePermissions(dataDir.resolve(RequestLog.SQLITE_FILE)))
                .as("it may hold transcripts").isEqualTo(PosixFilePermissions.fromString("rw-------"));
    }

    @Test
    void transcriptsAreDroppedWhenTheOperatorDoesNotKeepThem() throws Exception {
        try (RequestLog log = RequestLog.open(null, dataDir, Retention.defaults(), false)) {
            log.ended(Records.stream("a", Instant.now(), 1000));
            Await.until("written", () -> log.written() == 1, WAIT);
            assertThat(log.queries().find("a").orElseThrow().transcript()).isNull();
        }
    }

    @Test
    void aFullQueueDropsAndCountsWithoutBlocking() throws Exception {
        Database database = migrated();
        RequestLog log = new RequestLog(database, Retention.defaults(), true, 2, Clock.systemUTC());
        for (int i = 0; i < 5; i++) {
            log.ended(Records.stream("r" + i, T0.plusSeconds(i), 1000));
        }
        log.ended(null);
        assertThat(log.dropped()).isEqualTo(4);
        assertThat(log.queued()).isEqualTo(2);
        log.start();
        log.close();
        assertThat(log.written()).isEqualTo(2);
        assertThat(new RequestQueries(database).list(RequestQuery.newest(10))).extracting(r -> r.requestId())
                .containsExactly("r1", "r0");
    }

    @Test
    void closingWritesWhatIsQueuedAndDropsWhatComesAfter() throws Exception {
        RequestLog log = new RequestLog(migrated(), Retention.defaults(), true, 100, Clock.systemUTC());
        for (int i = 0; i < 50; i++) {
            log.ended(Records.stream("r" + i, T0.plusSeconds(i), 1000));
        }
        log.start();
        log.close();
        log.ended(Records.stream("late", T0, 1000));
        assertThat(log.written()).isEqualTo(50);
        assertThat(log.dropped()).isEqualTo(1);
    }

    @Test
    void aDatabaseFailingMidRunIsCountedAndStreamsGoOn() throws Exception {
        try (RequestLog log = RequestLog.open(null, dataDir, Retention.defaults(), true)) {
            log.ended(Records.stream("before", Instant.now(), 1000));
            Await.until("written", () -> log.written() == 1, WAIT);
            try (Connection other = DriverManager.getConnection(log.database()); Statement drop = other.createStatement()) {
                drop.execute("DROP TABLE requests");
            }
            log.ended(Records.stream("after-1", Instant.now(), 1000));
            Await.until("the failure counted", () -> log.failed() == 1, WAIT);
            log.ended(Records.stream("after-2", Instant.now(), 1000));
            Await.until("the next failure counted", () -> log.failed() == 2, WAIT);
            assertThat(log.written()).isEqualTo(1);
            assertThat(log.dropped()).isZero();
        }
    }

    @Test
    void anUnusableDataDirectoryFailsOpenWithOneLineNamingIt() throws Exception {
        Path file = Files.writeString(dataDir.resolve("not-a-directory"), "x");
        Path under = file.resolve("data");
        assertThatThrownBy(() -> RequestLog.open(null, under, Retention.defaults(), false))
                .isInstanceOf(RequestLog.Unusable.class)
                .hasMessageStartingWith("request log: cannot make the data directory " + under + ": ")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnreadableDatabaseFileFailsOpenWithOneLineNamingIt() throws Exception {
        Files.writeString(dataDir.resolve(RequestLog.SQLITE_FILE), "this is not a database, only text ".repeat(200));
        assertThatThrownBy(() -> RequestLog.open(null, dataDir, Retention.defaults(), false))
                .isInstanceOf(RequestLog.Unusable.class)
                .hasMessageStartingWith("request log: cannot write to jdbc:sqlite:"
                        + dataDir.resolve(RequestLog.SQLITE_FILE).toAbsolutePath() + ": ")
                .hasMessageContaining("not a database")
                .hasMessageNotContaining("\n");
    }

    @Test
    void anUnreachablePostgresFailsOpenWithoutShowingItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/earshot?user=earshot&password=s3cret";
        assertThatThrownBy(() -> RequestLog.open(url, dataDir, Retention.defaults(), false))
                .isInstanceOf(RequestLog.Unusable.class)
                .hasMessageStartingWith("request log: cannot write to jdbc:postgresql://127.0.0.1:" + closedPort
                        + "/earshot?user=earshot&password=***: ")
                .hasMessageNotContaining("s3cret")
                .hasMessageNotContaining("\n");
    }

    @Test
    void aUrlOfAnotherDatabaseIsRefused() {
        assertThatThrownBy(() -> RequestLog.open("jdbc:mysql://db/x", dataDir, Retention.defaults(), false))
                .isInstanceOf(RequestLog.Unusable.class)
                .hasMessageContaining("expected jdbc:postgresql://host[:port]/database or jdbc:sqlite:<file>");
    }

    @Test
    void theRetentionIsAppliedAtOpen() throws Exception {
        Database database = migrated();
        try (RequestStore store = new RequestStore(database, true)) {
            store.write(List.of(Records.stream("ancient", Instant.now().minus(Duration.ofDays(40)), 1000),
                    Records.stream("recent", Instant.now().minus(Duration.ofDays(1)), 1000)));
        }
        try (RequestLog log = RequestLog.open(null, dataDir, Retention.defaults(), false)) {
            assertThat(log.queries().list(RequestQuery.newest(10))).extracting(r -> r.requestId())
                    .containsExactly("recent");
        }
    }

    private Database migrated() throws IOException {
        Database database = Database.at(null, dataDir);
        database.migrate();
        return database;
    }
}
