package dev.earshot.server.session.intake;

import java.util.OptionalInt;

/** A Finalize queued on a session's lane, which later Finalizes may join. Guarded by the session's lock. */
public final class QueuedFinalize {
    /** The channel to flush; empty: all. */
    private OptionalInt channel;

    public QueuedFinalize(OptionalInt channel) {
        this.channel = channel;
    }

    public OptionalInt channel() {
        return channel;
    }

    /** Another Finalize joins this one: the same channel, or all of them when they differ. */
    public void join(OptionalInt other) {
        if (!channel.equals(other)) {
            channel = OptionalInt.empty();
        }
    }
}
