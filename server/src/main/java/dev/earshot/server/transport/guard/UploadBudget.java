package dev.earshot.server.transport.guard;

/**
 * The bytes of request bodies held in memory at once, across every upload, received or being transcribed:
 * an upload reserves its bytes as they arrive and gives them back when its answer is written. Slow uploads
 * reserve little, so they cannot crowd out a normal one; many fast ones at once get 429 instead of the heap.
 * Thread-safe.
 */
public final class UploadBudget {
    private final long capacityBytes;
    private long reservedBytes;

    public UploadBudget(long capacityBytes) {
        if (capacityBytes < 1) {
            throw new IllegalArgumentException("the upload budget must be positive: " + capacityBytes);
        }
        this.capacityBytes = capacityBytes;
    }

    /** @return false, reserving nothing, when these bytes would pass the capacity */
    public synchronized boolean tryReserve(long bytes) {
        if (reservedBytes + bytes > capacityBytes) {
            return false;
        }
        reservedBytes += bytes;
        return true;
    }

    public synchronized void release(long bytes) {
        reservedBytes = Math.max(0, reservedBytes - bytes);
    }

    public long capacityBytes() {
        return capacityBytes;
    }

    public synchronized long reservedBytes() {
        return reservedBytes;
    }
}
