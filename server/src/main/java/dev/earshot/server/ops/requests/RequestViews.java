package dev.earshot.server.ops.requests;

import dev.earshot.protocol.manage.ProjectRequest;
import dev.earshot.protocol.manage.RequestDetails;
import dev.earshot.protocol.manage.UsageSummary;
import dev.earshot.server.ops.requests.RequestQueries.UsageDay;
import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.Kind;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The request log's rows in Deepgram's management shapes (dev.earshot.protocol.manage). */
final class RequestViews {
    /** Deepgram's {@code created}: UTC with milliseconds, always three digits. */
    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final double SECONDS_PER_HOUR = 3600.0;

    private RequestViews() {
    }

    static ProjectRequest request(RequestRecord record, String projectId) {
        String query = record.client().query();
        String path = record.client().path() == null ? null
                : record.client().path() + (query == null || query.isEmpty() ? "" : "?" + query);
        ProjectRequest.Response response = new ProjectRequest.Response(details(record), record.httpStatus(),
                CREATED.format(record.ended()));
        return new ProjectRequest(record.requestId(), projectId, CREATED.format(record.started()), path,
                record.client().keyFingerprint(), response, record.httpStatus(), ProjectRequest.DEPLOYMENT, null);
    }

    static UsageSummary usage(LocalDate first, LocalDate last, List<UsageDay> days) {
        List<UsageSummary.Period> periods = days.stream().map(day -> {
            double hours = hours(day.audioSeconds());
            return new UsageSummary.Period(day.day().toString(), day.day().toString(), hours, hours, day.requests());
        }).toList();
        return new UsageSummary(first.toString(), last.toString(), UsageSummary.Resolution.DAY, periods);
    }

    private static RequestDetails details(RequestRecord record) {
        String method = record.kind() == Kind.STREAM ? "streaming" : record.kind() == Kind.FILE ? "sync" : null;
        List<RequestDetails.Step> timeline = record.timeline().stream()
                .map(entry -> new RequestDetails.Step(seconds(entry.at()), entry.event())).toList();
        return new RequestDetails(method, record.audioSeconds(), record.audioSeconds(),
                record.kind() == Kind.STREAM ? 1 : null, record.kind().name(), seconds(record.duration()),
                record.client().address(), record.client().userAgent(), record.audioBytes(), record.encoding(),
                record.results(), record.finals(), record.httpStatus(), record.closeCode(), record.closeReason(),
                record.warnings(), timeline, record.transcript());
    }

    /** Seconds to the millisecond, as the rest of the API gives times. */
    private static double seconds(Duration duration) {
        return Math.round(duration.toNanos() / 1_000_000.0) / 1000.0;
    }

    /** Hours to six places: a second of audio still shows. */
    private static double hours(double seconds) {
        return Math.round(seconds / SECONDS_PER_HOUR * 1_000_000.0) / 1_000_000.0;
    }
}
