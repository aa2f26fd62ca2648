package dev.earshot.server.ops.metrics;

import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.Kind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Finished requests as the server would report them, with only what the metrics read set. */
final class Records {
    private static final Instant START = Instant.parse("2026-12-06T10:00:00Z");
    private static final RequestRecord.Client CLIENT =
            new RequestRecord.Client("127.0.0.1", "test", null, "GET", "/v1/listen", "");

    private Records() {
    }

    /** A stream that opened and ended with this close. */
    static RequestRecord stream(double audioSeconds, String encoding, Integer closeCode, String closeReason) {
        return record(Kind.STREAM, Duration.ofSeconds(5), audioSeconds, encoding, 101, closeCode, closeReason);
    }

    /** A file answered with {@code httpStatus} after {@code took}. */
    static RequestRecord file(int httpStatus, Duration took, double audioSeconds, String encoding) {
        return record(Kind.FILE, took, audioSeconds, encoding, httpStatus, null, null);
    }

    /** A request refused before any work. */
    static RequestRecord refused(Kind kind, int httpStatus) {
        return record(kind, Duration.ofMillis(2), 0, null, httpStatus, null, "refused");
    }

    private static RequestRecord record(Kind kind, Duration took, double audioSeconds, String encoding,
                                        int httpStatus, Integer closeCode, String closeReason) {
        return new RequestRecord("00000000-0000-4000-8000-000000000000", kind, START, START.plus(took), CLIENT,
                audioSeconds, (long) (audioSeconds * 32_000), encoding, 1, 1, httpStatus, closeCode, closeReason,
                List.of(), List.of(), null);
    }
}
