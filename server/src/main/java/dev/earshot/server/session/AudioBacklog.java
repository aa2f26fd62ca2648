package dev.earshot.server.session;

import dev.earshot.server.session.timers.Timers;
import java.util.OptionalLong;
import java.util.function.LongSupplier;

/**
 * The audio a live stream has accepted and not yet transcribed, and what follows from it: the session buffer
 * (live-api.md §6), past which the socket is not read until the engine catches up, and the idle rule's
 * view of the client (§5), whose quiet counts only once nothing it sent is left to transcribe. Thread-safe:
 * the transport adds, the decode lane takes away, the watchdog reads.
 */
final class AudioBacklog {
    private final Timers timers;
    /** The buffer in bytes: its duration at the audio's byte rate, which a container may reveal late. */
    private final LongSupplier maxBytes;
    private long pendingBytes;
    private boolean readingPaused;
    private long lastClientActivityNanos;
    private long clearedNanos;

    AudioBacklog(Timers timers, LongSupplier maxBytes) {
        this.timers = timers;
        this.maxBytes = maxBytes;
        this.lastClientActivityNanos = timers.nanoTime();
    }

    /**
     * A frame of audio accepted, whole, however large.
     *
     * @return whether the socket may be read on; if not, {@link #transcribed} says when it may again
     */
    synchronized boolean accepted(long bytes) {
        lastClientActivityNanos = timers.nanoTime();
        pendingBytes += bytes;
        if (pendingBytes >= maxBytes.getAsLong()) {
            readingPaused = true;
        }
        return !readingPaused;
    }

    /**
     * Audio transcribed (or dropped by a closing stream).
     *
     * @return whether reading the socket should resume now
     */
    synchronized boolean transcribed(long bytes) {
        pendingBytes -= bytes;
        if (pendingBytes == 0) {
            clearedNanos = timers.nanoTime();
        }
        // Resume while three quarters of the buffer are still full: the client gets going again well before
        // the engine runs dry, and the pause lasts no longer than it must.
        if (readingPaused && pendingBytes <= maxBytes.getAsLong() * 3 / 4) {
            readingPaused = false;
            return true;
        }
        return false;
    }

    /** A text message or ping from the client. */
    synchronized void clientActive() {
        lastClientActivityNanos = timers.nanoTime();
    }

    /**
     * Since when the client has been quiet with nothing of its audio left to transcribe; empty while audio
     * waits. Silence while the server still works on audio it accepted, or has stopped reading the client,
     * is not idleness.
     */
    synchronized OptionalLong quietSinceNanos() {
        return pendingBytes > 0 ? OptionalLong.empty() : OptionalLong.of(Math.max(lastClientActivityNanos, clearedNanos));
    }
}
