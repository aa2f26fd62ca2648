package dev.earshot.server.ops.requests;

import static dev.earshot.server.ops.requests.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.session.events.RequestRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Figures, not assertions: 10,000 logged requests (one in ten failed), then the newest 100 failed ones asked
 * 200 times, on SQLite and on PostgreSQL. Run with {@code -Dearshot.figures=true}; the target is under 50 ms.
 */
@Timeout(600)
@EnabledIfSystemProperty(named = "earshot.figures", matches = "true")
class RequestLogFigures {
    private static final int REQUESTS = 10_000;
    private static final int BATCH = 500;
    private static final int WARM_UP = 10;
    private static final int QUERIES = 200;

    @TempDir
    Path dataDir;

    @Test
    void sqlite() throws Exception {
        measure("SQLite", Database.at(null, dataDir));
    }

    @Test
    void postgres() throws Exception {
        try (PostgresCluster cluster = PostgresCluster.start()) {
            measure("PostgreSQL", Database.at(cluster.createDatabase(), null));
        }
    }

    private static void measure(String name, Database database) throws Exception {
        database.migrate();
        long writeNanos;
        try (RequestStore store = new RequestStore(database, true)) {
            List<RequestRecord> batch = new ArrayList<>(BATCH);
            long start = System.nanoTime();
            for (int i = 0; i < REQUESTS; i++) {
                batch.add(Records.stream(String.format("r%05d", i), T0.plusMillis(250L * i), i % 10 == 0 ? 1011 : 1000));
                if (batch.size() == BATCH) {
                    store.write(batch);
                    batch.clear();
                }
            }
            writeNanos = System.nanoTime() - start;
        }
        try (RequestQueries queries = new RequestQueries(database)) {
            RequestQuery failed = RequestQuery.newest(100).withStatus(StatusFilter.parse("failed"));
            long[] nanos = new long[QUERIES];
            for (int i = -WARM_UP; i < QUERIES; i++) {
                long start = System.nanoTime();
                int rows = queries.list(failed).size();
                if (i >= 0) {
                    nanos[i] = System.nanoTime() - start;
                }
                assertThat(rows).isEqualTo(100);
            }
            Arrays.sort(nanos);
            System.out.printf("request log figures, %s: %,d requests written in %d batches in %.0f ms (%.0f per s); "
                            + "newest 100 with status=failed over %d queries: p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    name, REQUESTS, REQUESTS / BATCH, writeNanos / 1e6, REQUESTS / (writeNanos / 1e9), QUERIES,
                    nanos[QUERIES / 2] / 1e6, nanos[(int) Math.ceil(QUERIES * 0.99) - 1] / 1e6, nanos[QUERIES - 1] / 1e6);
        }
    }
}
