package dev.earshot.client.cli;

import dev.earshot.protocol.manage.ProjectRequest;
import dev.earshot.protocol.manage.RequestDetails;
import java.util.Locale;

/** How {@code earshot requests} prints a request: one line in a list, or its whole timeline. */
final class RequestTimeline {
    private RequestTimeline() {
    }

    /** {@code 2026-12-06T12:00:00.123Z  ID  101 1000  14.0 s  /v1/listen?encoding=linear16}. */
    static String summary(ProjectRequest request) {
        RequestDetails details = request.response().details();
        return String.format(Locale.ROOT, "%s  %s  %s  %6.1f s  %s", request.created(), request.requestId(),
                outcome(request), details.duration(), request.path());
    }

    /** The request, who sent it, what it carried, how it ended, then each step with its time. */
    static String of(ProjectRequest request) {
        RequestDetails details = request.response().details();
        StringBuilder text = new StringBuilder();
        text.append("request ").append(request.requestId()).append("  ").append(details.kind()).append("  ")
                .append(request.path()).append('\n');
        text.append("received ").append(request.created()).append(" from ").append(details.clientAddress())
                .append(details.userAgent() == null ? "" : " (" + details.userAgent() + ")")
                .append(request.apiKeyId() == null ? ", no key" : ", key " + request.apiKeyId()).append('\n');
        text.append(String.format(Locale.ROOT, "audio %.1f s (%d bytes, %s), %d results, %d finals%n",
                details.duration(), details.audioBytes(), details.encoding(), details.results(), details.finals()));
        text.append("answered ").append(outcome(request))
                .append(details.closeReason() == null || details.closeReason().isEmpty() ? ""
                        : ": " + details.closeReason())
                .append(String.format(Locale.ROOT, " after %.3f s%n", details.elapsedSeconds()));
        for (String warning : details.warnings()) {
            text.append("warning: ").append(warning).append('\n');
        }
        for (RequestDetails.Step step : details.timeline()) {
            text.append(String.format(Locale.ROOT, "%9.3f s  %s%n", step.at(), step.event()));
        }
        if (details.transcript() != null) {
            text.append("transcript: ").append(details.transcript()).append('\n');
        }
        return text.toString();
    }

    /** {@code 200}, {@code 401}, or {@code 101 closed 1011}. */
    private static String outcome(ProjectRequest request) {
        Integer close = request.response().details().closeCode();
        return request.code() + (close == null ? "" : " closed " + close);
    }
}
