package dev.earshot.server.session;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.Encoding;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.Warning;
import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestRecord.TimelineEntry;
import dev.earshot.server.session.timers.Timers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a stream did, for the request log and the metrics: bytes in, Results out, its lag behind real time,
 * the first word, and a timeline of what came in, what was decided and what went out. Thread-safe; each call
 * is a few field updates, on the threads that do the work.
 */
final class StreamJournal {
    /** A timeline stays readable and small: a client sending a Finalize a second would otherwise fill it. */
    static final int MAX_TIMELINE = 100;

    private final SessionContext context;
    private final RequestEvents events;
    private final Timers timers;
    private final long openedNanos;
    private final List<TimelineEntry> timeline = new ArrayList<>();
    private int dropped;
    private long audioBytes;
    private long firstAudioNanos = -1;
    private boolean firstWordSeen;
    private int results;
    private int finals;
    private final StringBuilder transcript = new StringBuilder();
    private boolean ended;

    StreamJournal(SessionContext context, RequestEvents events, Timers timers) {
        this.context = context;
        this.events = events;
        this.timers = timers;
        this.openedNanos = timers.nanoTime();
    }

    synchronized void opened() {
        note("opened" + (context.options().parameters().isEmpty() ? "" : ": " + context.options().parameters()));
        events.streamOpened(context.requestId());
    }

    synchronized void audio(int bytes) {
        if (firstAudioNanos < 0) {
            firstAudioNanos = timers.nanoTime();
            note("first audio: " + bytes + " bytes");
        }
        audioBytes += bytes;
    }

    /** Something that came in or was decided: "Finalize", "CloseStream", "no audio for 10 s". */
    synchronized void note(String event) {
        if (timeline.size() < MAX_TIMELINE) {
            timeline.add(new TimelineEntry(Duration.ofNanos(timers.nanoTime() - openedNanos), event));
        } else {
            dropped++;
        }
    }

    /** A message on its way to the client. */
    synchronized void sent(ServerMessage message) {
        if (!(message instanceof ResultsMessage result)) {
            note("sent " + message.getClass().getSimpleName().replace("Message", ""));
            return;
        }
        results++;
        long now = timers.nanoTime();
        if (firstAudioNanos >= 0) {
            long audioEndNanos = (long) ((result.start() + result.duration()) * 1e9);
            events.resultLag(Duration.ofNanos(Math.max(0, now - firstAudioNanos - audioEndNanos)));
        }
        String text = result.alternative().transcript();
        if (!firstWordSeen && !text.isEmpty() && firstAudioNanos >= 0) {
            firstWordSeen = true;
            events.firstWord(Duration.ofNanos(now - firstAudioNanos));
            note("first word");
        }
        if (result.isFinal()) {
            finals++;
            if (context.settings().keepTranscripts() && !text.isEmpty()) {
                transcript.append(transcript.length() == 0 ? "" : " ").append(text);
            }
        }
    }

    /**
     * The stream has closed: tells the events, once.
     *
     * @param reason null when the client dropped the connection
     */
    synchronized void closed(CloseReason reason, double audioSeconds, Optional<String> container,
                             List<Warning> warnings) {
        if (ended) {
            return;
        }
        ended = true;
        note(reason == null ? "connection closed by the client"
                : ("closed " + reason.code() + " " + reason.reason()).strip());
        if (dropped > 0) {
            timeline.add(new TimelineEntry(timeline.get(timeline.size() - 1).at(), dropped + " more events not kept"));
        }
        Duration lived = Duration.ofNanos(timers.nanoTime() - openedNanos);
        String encoding = context.options().encoding().map(Encoding::wireName).or(() -> container).orElse(null);
        events.ended(new RequestRecord(context.requestId(), RequestRecord.Kind.STREAM, context.created(),
                context.created().plus(lived), context.client(), audioSeconds, audioBytes, encoding, results, finals,
                101, reason == null ? null : reason.code(), reason == null ? null : reason.reason(),
                warnings.stream().map(Warning::message).toList(), timeline,
                context.settings().keepTranscripts() ? transcript.toString() : null));
    }
}
