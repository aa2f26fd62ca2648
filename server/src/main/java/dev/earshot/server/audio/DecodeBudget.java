package dev.earshot.server.audio;

import dev.earshot.server.Settings.DecodeLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;

/**
 * What one stream's or file's decoding may cost: CPU per second of audio it yields, and input without any
 * audio. Decoders run hundreds of times faster than real time on audio; input that costs more than
 * {@link DecodeLimits#maxCpuPerAudioSecond()} is not audio worth serving but a way to buy the server's
 * cores with a few bytes, and input that yields no audio for {@link DecodeLimits#maxBytesWithoutAudio()} is
 * not audio at all. Either ends the stream as undecodable (DATA-0000, or 400 for a file).
 *
 * <p>The caller measures: it charges the CPU its own thread spent decoding and resampling (see
 * {@link #currentThreadCpuNanos()}), plus what the decoder spent on a thread of its own
 * ({@link AudioDecoder#ownThreadCpuNanos()}). Not thread-safe: one decode lane at a time.
 */
public final class DecodeBudget {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final DecodeLimits limits;
    private long cpuNanos;
    private double audioSeconds;
    private long bytesIn;
    private long bytesWithoutAudio;

    public DecodeBudget(DecodeLimits limits) {
        this.limits = limits;
    }

    /** Bytes of input received. */
    public void received(long bytes) {
        bytesIn += bytes;
        bytesWithoutAudio += bytes;
    }

    /**
     * Charges decoding work and credits the audio it yielded.
     *
     * @throws UndecodableAudioException when the input costs more than the limits allow
     */
    public void charge(long cpuNanosSpent, long framesYielded, int sampleRateHz) throws UndecodableAudioException {
        cpuNanos += Math.max(0, cpuNanosSpent);
        if (framesYielded > 0 && sampleRateHz > 0) {
            audioSeconds += (double) framesYielded / sampleRateHz;
            bytesWithoutAudio = 0;
        }
        if (bytesWithoutAudio > limits.maxBytesWithoutAudio()) {
            throw new UndecodableAudioException(bytesWithoutAudio + " bytes of input decoded to no audio; this server"
                    + " takes at most " + limits.maxBytesWithoutAudio() + " bytes without audio");
        }
        double allowedNanos = limits.cpuAllowance().toNanos() + audioSeconds * limits.maxCpuPerAudioSecond() * 1e9;
        if (cpuNanos > allowedNanos) {
            throw new UndecodableAudioException(String.format(Locale.ROOT, "decoding took %.1f CPU-s for %.1f s of"
                    + " audio; this server allows %.2f CPU-s per second of audio", cpuNanos / 1e9, audioSeconds,
                    limits.maxCpuPerAudioSecond()));
        }
    }

    public long cpuNanos() {
        return cpuNanos;
    }

    public double audioSeconds() {
        return audioSeconds;
    }

    public long bytesIn() {
        return bytesIn;
    }

    /** The CPU time of the calling thread, in nanoseconds (0 where the JVM cannot tell). */
    public static long currentThreadCpuNanos() {
        return THREADS.isCurrentThreadCpuTimeSupported() ? THREADS.getCurrentThreadCpuTime() : 0;
    }

    /** The CPU time of a running thread, in nanoseconds (0 where the JVM cannot tell or it has ended). */
    public static long threadCpuNanos(Thread thread) {
        if (thread == Thread.currentThread()) {
            return currentThreadCpuNanos();
        }
        return THREADS.isThreadCpuTimeSupported() ? Math.max(0, THREADS.getThreadCpuTime(thread.getId())) : 0;
    }

    /**
     * The CPU clock of a decoder's own thread while it runs one decoding, readable from the lane: started and
     * stopped on that thread, read from any.
     */
    public static final class WorkerClock {
        private volatile Thread worker;
        private volatile long cpuAtStart;
        private volatile long finishedNanos = -1;

        /** On the decoder thread, as it starts. */
        public void start() {
            cpuAtStart = currentThreadCpuNanos();
            worker = Thread.currentThread();
        }

        /** On the decoder thread, as it ends. */
        public void stop() {
            finishedNanos = Math.max(0, currentThreadCpuNanos() - cpuAtStart);
            worker = null;
        }

        /** CPU nanoseconds the decoding has used so far. */
        public long nanos() {
            long finished = finishedNanos;
            if (finished >= 0) {
                return finished;
            }
            Thread running = worker;
            return running == null ? 0 : Math.max(0, threadCpuNanos(running) - cpuAtStart);
        }
    }
}
