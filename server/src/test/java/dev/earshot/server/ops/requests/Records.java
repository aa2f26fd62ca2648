package dev.earshot.server.ops.requests;

import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.Client;
import dev.earshot.server.session.events.RequestRecord.Kind;
import dev.earshot.server.session.events.RequestRecord.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Request records for tests: times to the millisecond, as the log keeps them. */
final class Records {
    static final Instant T0 = Instant.parse("2025-03-01T12:00:00.123Z");

    private Records() {
    }

    /** A live stream that ran for 5.5 s and closed with {@code closeCode}, or an HTTP answer when null. */
    static RequestRecord record(String id, Instant started, int httpStatus, Integer closeCode) {
        Kind kind = httpStatus == 101 ? Kind.STREAM : Kind.FILE;
        Client client = new Client("127.0.0.1", "deepgram-sdk/5.13.0", "0123456789ab", "GET", "/v1/listen",
                "model=nova-3&encoding=linear16");
        return new RequestRecord(id, kind, started, started.plusMillis(5_500), client, 4.25, 136_000, "linear16",
                7, 3, httpStatus, closeCode, closeCode == null || closeCode == 1000 ? "" : "NET-0001: no audio",
                List.of("Unknown parameter 'foo'"),
                List.of(new TimelineEntry(Duration.ZERO, "opened"), new TimelineEntry(Duration.ofNanos(1_500_000_123L),
                        "audio started"), new TimelineEntry(Duration.ofSeconds(10), "closed")),
                "hello world");
    }

    static RequestRecord stream(String id, Instant started, int closeCode) {
        return record(id, started, 101, closeCode);
    }

    static RequestRecord refused(String id, Instant started, int httpStatus) {
        return record(id, started, httpStatus, null);
    }

    /** A request about which nothing optional is known. */
    static RequestRecord bare(String id, Instant started) {
        return new RequestRecord(id, Kind.OTHER, started, started, new Client(null, null, null, null, null, null),
                0, 0, null, 0, 0, 401, null, null, List.of(), List.of(), null);
    }
}
