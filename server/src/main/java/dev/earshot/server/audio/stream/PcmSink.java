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
    private AudioFormat format;
    private float[][] channels;
    private int frames;

    /**
     * Appends decoded samples. The first call fixes the format; a change of channel count or rate
     * mid-stream is refused (the transcription behind cannot follow it).
     */
    public synchronized void append(float[][] samples, int count, int sampleRateHz) throws UndecodableAudioException {
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

    /** Everything decoded since the last drain. */
    public synchronized PcmBlock drain() {
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
