package dev.earshot.server.audio.stream;

import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.SampleFormat;
import dev.earshot.server.audio.UndecodableAudioException;
import java.util.Arrays;

/**
 * Where a decoder puts what it decodes, as floats per channel, until the lane collects it with
 * {@link #drain()}. Thread-safe: a pull decoder's thread writes, the lane drains.
 */
public final class PcmSink {
    private final int capacityFrames;
    private AudioFormat format;
    private float[][] channels;
    private int frames;
    private boolean ended;
    private boolean aborted;

    /** A sink that holds whatever is appended until drained. */
    public PcmSink() {
        this(Integer.MAX_VALUE);
    }

    /**
     * A bounded sink: {@link #append} waits while {@code capacityFrames} are held, so a decoder that can run
     * ahead (a whole file) stays within a fixed amount of memory.
     */
    public PcmSink(int capacityFrames) {
        this.capacityFrames = capacityFrames;
    }

    /**
     * Appends decoded samples. The first call fixes the format; a change of channel count or rate
     * mid-stream is refused (the transcription behind cannot follow it).
     */
    public synchronized void append(float[][] samples, int count, int sampleRateHz) throws UndecodableAudioException {
        while (frames > 0 && frames + count > capacityFrames && !aborted) {
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UndecodableAudioException("interrupted while decoding");
            }
        }
        if (aborted) {
            throw new UndecodableAudioException("decoding was abandoned");
        }
        if (format == null) {
            format = new AudioFormat(SampleFormat.F32LE, sampleRateHz, samples.length);
            channels = new float[samples.length][Math.max(4096, count)];
        } else if (format.channels() != samples.length || format.sampleRateHz() != sampleRateHz) {
            throw new UndecodableAudioException("the audio changed from " + format.channels() + " channels at "
                    + format.sampleRateHz() + " Hz to " + samples.length + " at " + sampleRateHz + " Hz mid-stream");
        }
        if (frames + count > channels[0].length) {
            for (int c = 0; c < channels.length; c++) {
                channels[c] = Arrays.copyOf(channels[c], Math.max(channels[c].length * 2, frames + count));
            }
        }
        for (int c = 0; c < channels.length; c++) {
            System.arraycopy(samples[c], 0, channels[c], frames, count);
        }
        frames += count;
    }

    /** The format, once the first samples arrived; else null. */
    public synchronized AudioFormat format() {
        return format;
    }

    /** The consumer is gone: a producer waiting for room, or appending later, stops with an exception. */
    public synchronized void abort() {
        aborted = true;
        notifyAll();
    }

    /** The producer is done: no more samples will come. */
    public synchronized void end() {
        ended = true;
        notifyAll();
    }

    /**
     * Waits until there are samples or the producer is done, then drains.
     *
     * @return an empty block only once the producer is done
     */
    public synchronized PcmBlock awaitDrain(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (frames == 0 && !ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return drain();
    }

    /** Everything decoded since the last drain. */
    public synchronized PcmBlock drain() {
        notifyAll(); // a bounded sink's producer may go on
        if (frames == 0) {
            return PcmBlock.EMPTY;
        }
        float[][] out = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            out[c] = Arrays.copyOf(channels[c], frames);
        }
        frames = 0;
        return new PcmBlock(out, out[0].length);
    }
}
