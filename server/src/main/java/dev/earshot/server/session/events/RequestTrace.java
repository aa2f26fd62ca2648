package dev.earshot.server.session.events;

import dev.earshot.server.session.events.RequestRecord.Client;
import dev.earshot.server.session.events.RequestRecord.Kind;
import dev.earshot.server.session.events.RequestRecord.TimelineEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One HTTP request on its way to an answer: the transport tells it how the request ended (refused, or a file
 * answered) and it tells the events, once. A stream that opens is told of by its session instead.
 */
public final class RequestTrace {
    private final String requestId;
    private final Kind kind;
    private final Instant started;
    private final long startedNanos = System.nanoTime();
    private final Client client;
    private final RequestEvents events;
    private final AtomicBoolean ended = new AtomicBoolean();

    public RequestTrace(String requestId, Kind kind, Client client, RequestEvents events) {
        this.requestId = requestId;
        this.kind = kind;
        this.started = Instant.now();
        this.client = client;
        this.events = events;
    }

    public String requestId() {
        return requestId;
    }

    public Instant started() {
        return started;
    }

    public Client client() {
        return client;
    }

    /** Refused with this status and message (what {@code dg-error} said). */
    public void refused(int httpStatus, String message) {
        end(new Outcome(httpStatus, message, 0, 0, null, 0, 0, List.of(), null));
    }

    /** A file transcribed and answered. */
    public void answered(Outcome outcome) {
        end(outcome);
    }

    /**
     * How a file request was answered.
     *
     * @param message    the refusal's message; null for a 200
     * @param transcript null unless the operator keeps transcripts
     */
    public record Outcome(int httpStatus, String message, double audioSeconds, long audioBytes, String encoding,
                          int results, int finals, List<String> warnings, String transcript) {
    }

    private void end(Outcome outcome) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
        String what = outcome.httpStatus() + (outcome.message() == null ? "" : " " + outcome.message());
        events.ended(new RequestRecord(requestId, kind, started, started.plus(took), client, outcome.audioSeconds(),
                outcome.audioBytes(), outcome.encoding(), outcome.results(), outcome.finals(), outcome.httpStatus(),
                null, outcome.message(), outcome.warnings(), List.of(new TimelineEntry(Duration.ZERO, "received "
                + client.method() + " " + client.path()), new TimelineEntry(took, "answered " + what)),
                outcome.transcript()));
    }
}
