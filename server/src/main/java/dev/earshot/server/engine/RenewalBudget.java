package dev.earshot.server.engine;

import java.util.function.LongSupplier;

/**
 * How much audio the engine's streams may decode a second time to renew their adaptation
 * ({@link EngineStream#renewAdaptation}): a bucket of audio seconds that refills with time. Voices that change
 * on many streams at once would otherwise be decoded again all at once (twelve streams in the same 100 ms put
 * 1.2 s of lag on all of them, docs/performance.md §4d); past the budget a stream renews its adaptation when
 * the utterance ends instead, which costs nothing.
 */
final class RenewalBudget {
    /** Audio a core may decode again per second: about a tenth of it, at the engine's 0.1 CPU-s a second. */
    static final double AUDIO_SEC_PER_CORE = 1.0;

    private final double capacitySec;
    private final double refillPerSec;
    private final LongSupplier nanoClock;
    private double availableSec;
    private long lastNanos;

    /**
     * @param cores     the machine's cores, which all decoding shares
     * @param nanoClock a monotonic clock in nanoseconds
     */
    RenewalBudget(int cores, LongSupplier nanoClock) {
        this.capacitySec = UtteranceAudio.KEPT_SEC; // any utterance kept can be decoded again when all is quiet
        this.refillPerSec = Math.max(1, cores) * AUDIO_SEC_PER_CORE;
        this.nanoClock = nanoClock;
        this.availableSec = capacitySec;
        this.lastNanos = nanoClock.getAsLong();
    }

    /** Takes {@code audioSec} of decoding again if the budget holds it. */
    synchronized boolean take(double audioSec) {
        long now = nanoClock.getAsLong();
        availableSec = Math.min(capacitySec, availableSec + (now - lastNanos) / 1e9 * refillPerSec);
        lastNanos = now;
        if (availableSec < audioSec) {
            return false;
        }
        availableSec -= audioSec;
        return true;
    }
}
