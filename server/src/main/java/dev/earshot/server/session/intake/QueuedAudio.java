package dev.earshot.server.session.intake;

/**
 * Audio a live stream has handed to its decode lane and the lane has not started on. Frames that arrive
 * meanwhile join it, up to {@link #MAX_BYTES}, instead of queueing tasks of their own: a client sending 1-byte
 * frames faster than the engine decodes them queues a task per slice, not a task (and its objects) per byte.
 * Each frame is charged {@link #FRAME_OVERHEAD_BYTES} on top of its bytes against the session buffer, so
 * frames that cannot join (codec packets) are bounded in number too. Thread-safe: the transport joins, the lane
 * takes.
 */
public final class QueuedAudio {
    /** A slice of audio is at most this much, so no single step decodes for long. */
    public static final int MAX_BYTES = 32 * 1024;
    /** What a frame costs beyond its bytes while it waits (a task and its objects), charged to the buffer. */
    public static final int FRAME_OVERHEAD_BYTES = 128;

    private byte[] bytes;
    private int offset;
    private int length;
    /** Its bytes and its frames' overhead, as charged to the session buffer. */
    private long charged;
    private boolean taken;

    /** What the lane decodes: the slice's bytes once no more can join. */
    public record Bytes(byte[] bytes, int offset, int length) {
    }

    public QueuedAudio(byte[] bytes, int offset, int length) {
        this.bytes = bytes;
        this.offset = offset;
        this.length = length;
        this.charged = length + FRAME_OVERHEAD_BYTES;
    }

    /** Joins a whole frame to the slice; false when the lane has started on it or it has no room. */
    public synchronized boolean join(byte[] frame) {
        if (taken || length + frame.length > MAX_BYTES) {
            return false;
        }
        if (offset != 0 || bytes.length < length + frame.length) {
            // Copied once into a buffer of its own, then grown by doubling: joining stays linear in the bytes.
            byte[] grown = new byte[Math.min(MAX_BYTES, Math.max(2 * (length + frame.length), 1024))];
            System.arraycopy(bytes, offset, grown, 0, length);
            bytes = grown;
            offset = 0;
        }
        System.arraycopy(frame, 0, bytes, length, frame.length);
        length += frame.length;
        charged += frame.length + FRAME_OVERHEAD_BYTES;
        return true;
    }

    /** The lane starts on it: nothing joins from now on. */
    public synchronized Bytes take() {
        taken = true;
        return new Bytes(bytes, offset, length);
    }

    /** What it was charged against the session buffer, final once taken. */
    public synchronized long charged() {
        return charged;
    }
}
