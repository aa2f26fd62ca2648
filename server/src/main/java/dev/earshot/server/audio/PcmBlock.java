package dev.earshot.server.audio;

/**
 * Decoded audio: {@code frames} samples per channel, as floats in [-1, 1], one array per channel.
 * Arrays may be longer than {@code frames}.
 */
public record PcmBlock(float[][] channels, int frames) {
    public static final PcmBlock EMPTY = new PcmBlock(new float[0][], 0);

    public int channelCount() {
        return channels.length;
    }

    /** This block followed by {@code next} (same channels). */
    public PcmBlock followedBy(PcmBlock next) {
        if (next.frames == 0) {
            return this;
        }
        if (frames == 0) {
            return next;
        }
        float[][] joined = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            joined[c] = java.util.Arrays.copyOf(channels[c], frames + next.frames);
            System.arraycopy(next.channels[c], 0, joined[c], frames, next.frames);
        }
        return new PcmBlock(joined, frames + next.frames);
    }

    /** {@code frames} frames from {@code from}: this block itself when that is all of it. */
    public PcmBlock slice(int from, int frames) {
        if (from == 0 && frames == this.frames) {
            return this;
        }
        float[][] part = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) {
            part[c] = java.util.Arrays.copyOfRange(channels[c], from, from + frames);
        }
        return new PcmBlock(part, frames);
    }

    /** The channels averaged into one: what {@code multichannel=false} transcribes. */
    public float[] mixdown() {
        if (channels.length == 1) {
            return channels[0];
        }
        float[] mono = new float[frames];
        float gain = 1f / channels.length;
        for (float[] channel : channels) {
            for (int i = 0; i < frames; i++) {
                mono[i] += channel[i] * gain;
            }
        }
        return mono;
    }
}
