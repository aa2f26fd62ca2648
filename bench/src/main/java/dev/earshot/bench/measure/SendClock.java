package dev.earshot.bench.measure;

import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When each frame of a stream's audio was handed over, in {@link System#nanoTime()}: sent on the socket
 * (against a server), or due to the recogniser (engine only). Frame {@code k} holds the audio
 * {@code [k * frameMs, (k + 1) * frameMs)}. Written by the stream's sender, read by whoever receives its
 * results, hence atomic.
 */
public final class SendClock {
    private final int frameMs;
    private final AtomicLongArray handedOver;
    private volatile int recorded;

    public SendClock(int frameMs, int frames) {
        this.frameMs = frameMs;
        this.handedOver = new AtomicLongArray(Math.max(1, frames));
    }

    /** Frames must be recorded in order, from 0. */
    public void record(int frame, long nanos) {
        handedOver.set(frame, nanos);
        recorded = frame + 1;
    }

    /**
     * When the audio up to {@code audioSec} had been handed over: the frame holding the instant just before
     * it. A Results span ending at 0.3 s is covered by frame 2, [0.2, 0.3).
     */
    public OptionalLong upTo(double audioSec) {
        long millis = Math.round(audioSec * 1000);
        return frame(Math.floorDiv(millis + frameMs - 1, frameMs) - 1);
    }

    /** When the frame holding the instant {@code audioSec} (a speech onset) was handed over; empty until it was. */
    public OptionalLong handedOver(double audioSec) {
        long index = Math.floorDiv(Math.round(audioSec * 1000), frameMs);
        return index < recorded ? OptionalLong.of(handedOver.get((int) index)) : OptionalLong.empty();
    }

    private OptionalLong frame(long index) {
        int last = recorded - 1;
        if (last < 0) {
            return OptionalLong.empty();
        }
        // A span can end in the last, partly filled frame, or (rounded) a millisecond beyond it.
        return OptionalLong.of(handedOver.get((int) Math.max(0, Math.min(index, last))));
    }
}
