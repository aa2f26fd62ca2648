package dev.earshot.server.session;

import dev.earshot.protocol.ErrorCode;
import dev.earshot.server.Settings;
import dev.earshot.server.session.timers.Timers;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The deadlines of one session (live-api.md §5), checked on the timer thread. It sleeps until the
 * nearest deadline, re-reads the session's clocks and either closes it or sleeps again, so a quiet
 * session costs one timer task, not a polling loop.
 * <ul>
 *   <li>first audio: none within {@code firstAudioTimeout} of opening → 1011 NET-0001, KeepAlive or not;</li>
 *   <li>idle: neither audio nor text for {@code idleTimeout} once audio started and the server has
 *       transcribed all of it → 1011 NET-0001: a client waiting for the Results of audio it sent (or stopped
 *       by backpressure) is not idle, and nothing it sent is dropped by this rule;</li>
 *   <li>engine: audio waiting and the engine made no progress for {@code engineTimeout} → 1011 NET-0000: on
 *       this stream's step while it runs, anywhere while it waits its turn (a busy machine is not a stuck
 *       engine).</li>
 * </ul>
 */
final class SessionWatchdog {
    /** Never re-check sooner than this: deadlines are seconds long, and a wake-up costs something. */
    private static final long MIN_SLEEP_NANOS = Duration.ofMillis(5).toNanos();

    private final LiveSession session;
    private final Timers timers;
    private final long firstAudioNanos;
    private final long idleNanos;
    private final long engineNanos;
    private final Settings settings;
    /** Timer thread, and stop(). */
    private Timers.Cancellable pending;
    private boolean stopped;

    SessionWatchdog(LiveSession session, Settings settings, Timers timers) {
        this.session = session;
        this.timers = timers;
        this.settings = settings;
        this.firstAudioNanos = settings.firstAudioTimeout().toNanos();
        this.idleNanos = settings.idleTimeout().toNanos();
        this.engineNanos = settings.engineTimeout().toNanos();
    }

    void start() {
        // The nearest a deadline can be: audio may arrive at once and be followed by nothing.
        sleep(Math.min(firstAudioNanos, Math.min(idleNanos, engineNanos)));
    }

    synchronized void stop() {
        stopped = true;
        if (pending != null) {
            pending.cancel();
        }
    }

    private synchronized void sleep(long nanos) {
        if (!stopped) {
            pending = timers.schedule(this::check, Math.max(MIN_SLEEP_NANOS, nanos));
        }
    }

    private void check() {
        long now = timers.nanoTime();
        SessionState state = session.state();
        if (state == SessionState.CLOSED) {
            return;
        }
        long next = Long.MAX_VALUE;
        if (state == SessionState.AWAITING_AUDIO) {
            long waited = now - session.openedNanos();
            if (waited >= firstAudioNanos) {
                session.close(ErrorCode.NO_AUDIO_IN_TIME.closeReason("no audio received within "
                        + seconds(settings.firstAudioTimeout()) + " of opening the stream (KeepAlive does not count)"),
                        true);
                return;
            }
            next = firstAudioNanos - waited;
        }
        OptionalLong quietSince = session.quietSinceNanos();
        if (state == SessionState.STREAMING && quietSince.isPresent()) {
            long quiet = now - quietSince.getAsLong();
            if (quiet >= idleNanos) {
                // Flushed first: the last words of the audio it sent still reach a client that went quiet.
                // The engine rule below keeps watching the flush.
                session.finish(ErrorCode.NO_AUDIO_IN_TIME.closeReason("no audio or text message received within the "
                        + seconds(settings.idleTimeout()) + " timeout window"));
            } else {
                next = idleNanos - quiet;
            }
        } else if (state == SessionState.STREAMING) {
            next = idleNanos; // its audio is still being transcribed: the client's silence is not idleness
        }
        long stalled = session.lane().stalledNanos();
        if (stalled >= engineNanos) {
            session.close(ErrorCode.NO_RESULT_IN_TIME.closeReason("the engine produced no result within the "
                    + seconds(settings.engineTimeout()) + " timeout window"), true);
            return;
        }
        sleep(Math.min(next, engineNanos - stalled));
    }

    /** "10 s", "500 ms": how the close reason names a timeout. */
    static String seconds(Duration duration) {
        long millis = duration.toMillis();
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return millis + " ms";
    }
}
