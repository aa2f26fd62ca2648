package dev.earshot.server.audio.stream;

import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.SampleFormat;
import dev.earshot.server.audio.UndecodableAudioException;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Where a decoder puts what it decodes, as floats per channel, until the consumer collects it with
 * {@link #drain()}. Thread-safe: a pull decoder's thread writes, the decode lane drains.
 *
 * <p>A demand-driven sink lets its producer append only while the consumer has asked for audio
 * ({@link #request}) and not yet received that much: a decoder thread then works only while a decode lane
 * waits for it, so decoding stays inside the lanes' CPU budget, and a few bytes that decode to hours of audio
 * (compressed silence, a lying header) are held a block at a time instead of all at once. The producer may
 * pass the request by the one decoder frame it is appending.
 */
public final class PcmSink {
    private final boolean demandDriven;
    private final Runnable onReady;
    private AudioFormat format;
    private float[][] channels;
    private int frames;
    /** Samples (frames times channels) the consumer asked for; the producer waits once it holds that many. */
    private long wantedSamples;
    private boolean ended;
    private boolean aborted;

    /** A sink that takes whatever is appended until drained: for a decoder on its consumer's own thread. */
    public PcmSink() {
        this.demandDriven = false;
        this.onReady = () -> { };
        this.wantedSamples = Long.MAX_VALUE;
    }

    /**
     * A demand-driven sink.
     *
     * @param onReady called (outside the sink's lock) when the producer has given what was asked, or ended
     */
    public PcmSink(Runnable onReady) {
        this.demandDriven = true;
        this.onReady = onReady;
    }

    /**
     * Appends decoded samples, waiting first while the consumer has what it asked for. The first call fixes
     * the format; a change of channel count or rate mid-stream is refused (the transcription behind cannot
     * follow it).
     */
    public void append(float[][] samples, int count, int sampleRateHz) throws UndecodableAudioException {
        boolean ready;
        synchronized (this) {
            while (demandDriven && !aborted && heldSamples() >= wantedSamples) {
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
                channels = new float[samples.length][0];
            } else if (format.channels() != samples.length || format.sampleRateHz() != sampleRateHz) {
                throw new UndecodableAudioException("the audio changed from " + format.channels() + " channels at "
                        + format.sampleRateHz() + " Hz to " + samples.length + " at " + sampleRateHz + " Hz mid-stream");
            }
            if (frames + count > channels[0].length) {
                int capacity = Math.max(frames + count, Math.max(channels[0].length * 2, 4096));
                for (int c = 0; c < channels.length; c++) {
                    channels[c] = Arrays.copyOf(channels[c], capacity);
                }
            }
            for (int c = 0; c < channels.length; c++) {
                System.arraycopy(samples[c], 0, channels[c], frames, count);
            }
            frames += count;
            ready = demandDriven && heldSamples() >= wantedSamples;
            if (ready) {
                notifyAll(); // a consumer waiting in awaitDrain
            }
        }
        if (ready) {
            onReady.run();
        }
    }

    private long heldSamples() {
        return channels == null ? 0 : (long) frames * channels.length;
    }

    /** The consumer wants about this many samples (frames times channels): the producer may go on until then. */
    public synchronized void request(long samples) {
        if (demandDriven) {
            wantedSamples = samples;
            notifyAll();
        }
    }

    /** Whether what was asked for is here, or no more will come. */
    public synchronized boolean isReady() {
        return ended || aborted || heldSamples() >= wantedSamples;
    }

    /** The format, once the first samples arrived; else null. */
    public synchronized AudioFormat format() {
        return format;
    }

    /** The consumer is gone: a producer waiting for demand, or appending later, stops with an exception. */
    public void abort() {
        synchronized (this) {
            aborted = true;
            notifyAll();
        }
        onReady.run();
    }

    /** The producer is done: no more samples will come. */
    public void end() {
        synchronized (this) {
            ended = true;
            notifyAll();
        }
        onReady.run();
    }

    /**
     * Asks for about {@code samples}, waits until they are here or the producer is done, then drains.
     *
     * @return null on timeout; an empty block only once the producer is done
     */
    public synchronized PcmBlock awaitDrain(long samples, long timeoutNanos) throws InterruptedException {
        request(samples);
        long deadline = System.nanoTime() + timeoutNanos;
        while (!isReady()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return drain();
    }

    /**
     * Everything decoded since the last drain; a demand-driven producer then waits for the next request. The
     * sink hands over its arrays rather than a copy: a stream between blocks then holds none.
     */
    public synchronized PcmBlock drain() {
        if (demandDriven) {
            wantedSamples = 0;
        }
        if (frames == 0) {
            return PcmBlock.EMPTY;
        }
        PcmBlock block = new PcmBlock(channels, frames);
        channels = new float[channels.length][0];
        frames = 0;
        return block;
    }
}
