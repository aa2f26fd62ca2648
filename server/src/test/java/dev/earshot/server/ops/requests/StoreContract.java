package dev.earshot.server.ops.requests;

import static dev.earshot.server.ops.requests.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.ops.requests.RequestQueries.UsageDay;
import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.Client;
import dev.earshot.server.session.events.RequestRecord.Kind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the request log's store and queries promise, on any database: each subclass gives a new, empty one
 * per test, and the schema is migrated by Flyway as at start.
 */
abstract class StoreContract {
    private RequestStore store;
    private RequestStore storeWithoutTranscripts;
    private RequestQueries queries;

    /** A new, empty database. */
    abstract Database database() throws Exception;

    @BeforeEach
    void migrate() throws Exception {
        Database database = database();
        database.migrate();
        store = new RequestStore(database, true);
        storeWithoutTranscripts = new RequestStore(database, false);
        queries = new RequestQueries(database);
    }

    @AfterEach
    void closeConnections() {
        store.close();
        storeWithoutTranscripts.close();
        queries.close();
    }

    @Test
    void everyFieldRoundTrips() throws Exception {
        RequestRecord full = Records.stream("full", T0, 1011);
        RequestRecord bare = Records.bare("bare", T0.plusSeconds(1));
        store.write(List.of(full, bare));
        assertThat(queries.find("full")).contains(full);
        assertThat(queries.find("bare")).contains(bare);
        assertThat(queries.find("absent")).isEmpty();
    }

    @Test
    void transcriptsAreNeverStoredUnlessKept() throws Exception {
        storeWithoutTranscripts.write(List.of(Records.stream("a", T0, 1000)));
        assertThat(queries.find("a").orElseThrow().transcript()).isNull();
    }

    @Test
    void textThatPostgresRefusesIsStoredAnyway() throws Exception {
        RequestRecord nul = Records.stream("nul", T0, 1000);
        Client client = new Client("::1", "bad\0agent", null, "GET", "/v1/listen", "");
        RequestRecord odd = new RequestRecord("nul", Kind.STREAM, T0, T0, client, 0, 0, null, 0, 0, 101, 1000, "",
                List.of("é \u2028 \"quoted\""), nul.timeline(), null);
        store.write(List.of(odd));
        RequestRecord read = queries.find("nul").orElseThrow();
        assertThat(read.client().userAgent()).isEqualTo("bad\uFFFDagent");
        assertThat(read.warnings()).isEqualTo(odd.warnings());
    }

    @Test
    void aRequestIdSeenTwiceKeepsItsFirstRowAndTheBatch() throws Exception {
        store.write(List.of(Records.stream("same", T0, 1000)));
        store.write(List.of(Records.stream("same", T0.plusSeconds(9), 1011), Records.stream("other", T0, 1000)));
        assertThat(queries.find("same").orElseThrow().closeCode()).isEqualTo(1000);
        assertThat(queries.find("other")).isPresent();
    }

    @Test
    void listsNewestFirstInPages() throws Exception {
        store.write(IntStream.range(0, 25).mapToObj(i -> Records.stream(String.format("r%02d", i), T0.plusSeconds(i), 1000))
                .toList());
        assertThat(ids(RequestQuery.newest(10))).containsExactly("r24", "r23", "r22", "r21", "r20", "r19", "r18",
                "r17", "r16", "r15");
        assertThat(ids(RequestQuery.newest(10).withPage(2))).containsExactly("r04", "r03", "r02", "r01", "r00");
        assertThat(ids(RequestQuery.newest(10).withPage(3))).isEmpty();
    }

    @Test
    void requestsStartedTogetherAreOrderedByIdOnEveryPage() throws Exception {
        store.write(List.of(Records.stream("b", T0, 1000), Records.stream("a", T0, 1000), Records.stream("c", T0, 1000)));
        assertThat(ids(RequestQuery.newest(2))).containsExactly("c", "b");
        assertThat(ids(RequestQuery.newest(2).withPage(1))).containsExactly("a");
    }

    @Test
    void filtersByStatus() throws Exception {
        store.write(List.of(Records.stream("ok", T0, 1000), Records.stream("net", T0.plusSeconds(1), 1011),
                Records.stream("data", T0.plusSeconds(2), 1008), Records.refused("auth", T0.plusSeconds(3), 401),
                Records.refused("busy", T0.plusSeconds(4), 429), Records.refused("file", T0.plusSeconds(5), 200),
                Records.refused("down", T0.plusSeconds(6), 503)));
        assertThat(ids(status("succeeded"))).containsExactly("file", "ok");
        assertThat(ids(status("failed"))).containsExactly("down", "busy", "auth", "data", "net");
        assertThat(ids(status("429"))).containsExactly("busy");
        assertThat(ids(status("4xx"))).containsExactly("busy", "auth");
        assertThat(ids(status("5XX"))).containsExactly("down");
        assertThat(ids(status("1011"))).containsExactly("net");
        assertThat(ids(status("101"))).containsExactly("data", "net", "ok");
    }

    @Test
    void filtersByTimeRequestIdKeyAndKind() throws Exception {
        RequestRecord other = Records.bare("bare", T0.plusSeconds(3));
        store.write(List.of(Records.stream("s0", T0, 1000), Records.refused("f1", T0.plusSeconds(1), 200),
                Records.stream("s2", T0.plusSeconds(2), 1000), other));
        RequestQuery all = RequestQuery.newest(100);
        assertThat(ids(all.withRange(T0.plusSeconds(1), T0.plusSeconds(3)))).containsExactly("s2", "f1");
        assertThat(ids(all.withRange(T0.plusSeconds(1), null))).containsExactly("bare", "s2", "f1");
        assertThat(ids(new RequestQuery(null, null, null, "f1", null, null, 10, 0))).containsExactly("f1");
        assertThat(ids(new RequestQuery(null, null, null, null, "0123456789ab", null, 10, 0)))
                .containsExactly("s2", "f1", "s0");
        assertThat(ids(new RequestQuery(null, null, null, null, null, Set.of(Kind.STREAM), 10, 0)))
                .containsExactly("s2", "s0");
        assertThat(ids(new RequestQuery(null, null, null, null, null, Set.of(Kind.STREAM, Kind.FILE), 10, 0)))
                .containsExactly("s2", "f1", "s0");
        assertThat(ids(new RequestQuery(null, null, null, null, null, Set.of(), 10, 0))).isEmpty();
    }

    @Test
    void retentionDropsRowsOlderThanTheAge() throws Exception {
        store.write(List.of(Records.stream("old", T0.minus(Duration.ofDays(31)), 1000),
                Records.stream("edge", T0.minus(Duration.ofDays(30)), 1000), Records.stream("new", T0, 1000)));
        int deleted = store.applyRetention(T0, new Retention(Duration.ofDays(30), 1000));
        assertThat(deleted).isEqualTo(1);
        assertThat(ids(RequestQuery.newest(10))).containsExactly("new", "edge");
    }

    @Test
    void retentionKeepsOnlyTheNewestRows() throws Exception {
        store.write(IntStream.range(0, 10).mapToObj(i -> Records.stream("r" + i, T0.plusSeconds(i), 1000)).toList());
        assertThat(store.applyRetention(T0, new Retention(Duration.ofDays(30), 3))).isEqualTo(7);
        assertThat(ids(RequestQuery.newest(10))).containsExactly("r9", "r8", "r7");
        assertThat(store.applyRetention(T0, new Retention(Duration.ofDays(30), 3))).isZero();
    }

    @Test
    void usageSumsAudioAndCountsRequestsPerUtcDay() throws Exception {
        Instant midnight = Instant.parse("2025-03-02T00:00:00Z");
        store.write(List.of(Records.stream("d1a", midnight.minusMillis(1), 1000),
                Records.stream("d1b", midnight.minusSeconds(3600), 1011), Records.refused("d2", midnight, 200),
                Records.bare("status", midnight.plusSeconds(1)), Records.stream("d3", midnight.plus(Duration.ofDays(1)), 1000)));
        List<UsageDay> days = queries.usage(Instant.parse("2025-03-01T00:00:00Z"), Instant.parse("2025-03-03T00:00:00Z"));
        assertThat(days).containsExactly(new UsageDay(LocalDate.parse("2025-03-01"), 8.5, 2),
                new UsageDay(LocalDate.parse("2025-03-02"), 4.25, 1));
        assertThat(queries.oldest()).contains(midnight.minusSeconds(3600));
    }

    @Test
    void anEmptyLogHasNoOldestRequest() throws Exception {
        assertThat(queries.oldest()).isEmpty();
        assertThat(queries.list(RequestQuery.newest(10))).isEmpty();
    }

    private static RequestQuery status(String value) throws Exception {
        return RequestQuery.newest(100).withStatus(StatusFilter.parse(value));
    }

    private List<String> ids(RequestQuery query) throws Exception {
        List<String> ids = new ArrayList<>();
        for (RequestRecord record : queries.list(query)) {
            ids.add(record.requestId());
        }
        return ids;
    }
}
