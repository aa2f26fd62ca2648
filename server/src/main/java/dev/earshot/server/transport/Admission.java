package dev.earshot.server.transport;

import dev.earshot.server.session.LiveSession;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which streams are running: at most {@code maxStreams} (beyond that, new upgrades get 429), and none new
 * once the server is draining for shutdown (503).
 */
public final class Admission {
    private final int maxStreams;
    private final Set<LiveSession> running = ConcurrentHashMap.newKeySet();
    private volatile boolean draining;
    /** WebSockets open now: a stream gives its place back before its Close frame has gone out. */
    private final java.util.concurrent.atomic.AtomicInteger openSockets = new java.util.concurrent.atomic.AtomicInteger();

    public Admission(int maxStreams) {
        this.maxStreams = maxStreams;
    }

    public enum Decision { ADMITTED, FULL, DRAINING }

    /** Reserves a place for a new stream; the holder must {@link #release} it. */
    public synchronized Decision tryAdmit(LiveSession session) {
        if (draining) {
            return Decision.DRAINING;
        }
        if (running.size() >= maxStreams) {
            return Decision.FULL;
        }
        running.add(session);
        return Decision.ADMITTED;
    }

    public void release(LiveSession session) {
        running.remove(session);
    }

    public boolean isDraining() {
        return draining;
    }

    /** From now on every new stream is refused; a stream admitted before this call is in {@link #running()}. */
    public synchronized void startDraining() {
        draining = true;
    }

    public int runningCount() {
        return running.size();
    }

    /** Streams running now that were opened on {@code path}. */
    public int runningCount(String path) {
        return (int) running.stream().filter(session -> session.path().equals(path)).count();
    }

    public List<LiveSession> running() {
        return List.copyOf(running);
    }

    void socketOpened() {
        openSockets.incrementAndGet();
    }

    void socketClosed() {
        openSockets.decrementAndGet();
    }

    /** Streams whose WebSocket is still open, their place given back or not. */
    public int openSockets() {
        return openSockets.get();
    }

    public int maxStreams() {
        return maxStreams;
    }
}
