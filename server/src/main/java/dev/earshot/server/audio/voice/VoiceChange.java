package dev.earshot.server.audio.voice;

import java.util.Arrays;

/**
 * Hears when a channel's voice changes clearly: another speaker takes over, or the audio comes through
 * another channel. The engine adapts its features to the voice it decodes (online normalisation, i-vectors)
 * and, kept across utterances as it is (docs/performance.md §4d), catches up with a new voice only slowly.
 *
 * <p>Each utterance is probed over its first {@link #PROBE_FRAMES} voiced frames (0.8 s of voicing) and
 * compared with the voice heard before it, on two measures a 20 ms frame gives cheaply: its pitch, and the
 * share of its energy above 4 kHz (a narrowband recording has almost none, a wideband one some). The voice
 * changed when the probe's median pitch is more than {@link #PITCH_RATIO} times higher or lower than the
 * voice's, or its high band {@link #HIGH_BAND_DB} apart. One reader's utterances start up to 1.27 times off
 * her median pitch (the human set), so only a change well beyond that counts. Decode lane only.
 */
public final class VoiceChange {
    static final double PITCH_RATIO = 1.35;
    static final double HIGH_BAND_DB = 10.0;
    static final int PROBE_FRAMES = 40;
    /** The voice heard before must be this well known (1 s of voicing) before a probe is compared with it. */
    static final int VOICE_MIN_FRAMES = 50;
    /** The voice is what the last 10 s of voicing sounded like. */
    static final int VOICE_FRAMES = 500;
    static final int HOP_MS = 20;
    static final int WINDOW_MS = 40;
    /** Frames quieter than this are not measured. */
    private static final double QUIET_DB = -45.0;

    private final FrameMeasures measures;
    private final float[] window;
    private final int hop;
    private int filled;
    private final float[] probePitch = new float[PROBE_FRAMES];
    private final float[] probeBand = new float[PROBE_FRAMES];
    private int probed;
    /** Whether the current utterance has been compared already (or there is none yet). */
    private boolean decided = true;
    private final float[] voicePitch = new float[VOICE_FRAMES];
    private final float[] voiceBand = new float[VOICE_FRAMES];
    private int voiceFrames;
    private int voiceNext;

    /** @param sampleRateHz the rate of the samples heard (the engine's) */
    public VoiceChange(int sampleRateHz) {
        this.measures = new FrameMeasures(sampleRateHz);
        this.window = new float[sampleRateHz * WINDOW_MS / 1000];
        this.hop = sampleRateHz * HOP_MS / 1000;
    }

    /**
     * Hears a block.
     *
     * @param utteranceStarts whether speech starts in this block (after a pause): it is probed
     * @return whether the voice changed: once per utterance at most, when its probe is complete
     */
    public boolean hear(float[] samples, int count, boolean utteranceStarts) {
        if (utteranceStarts) {
            probed = 0;
            decided = false;
        }
        boolean changed = false;
        int offset = 0;
        while (offset < count) {
            int taken = Math.min(count - offset, window.length - filled);
            System.arraycopy(samples, offset, window, filled, taken);
            filled += taken;
            offset += taken;
            if (filled == window.length) {
                changed |= frame();
                System.arraycopy(window, hop, window, 0, window.length - hop);
                filled = window.length - hop;
            }
        }
        return changed;
    }

    private boolean frame() {
        if (FrameMeasures.levelDb(window) < QUIET_DB) {
            return false;
        }
        double pitch = measures.log2Pitch(window);
        if (Double.isNaN(pitch)) {
            return false; // not voiced
        }
        double band = measures.highBandDb(window);
        if (decided) {
            remember((float) pitch, (float) band);
            return false;
        }
        probePitch[probed] = (float) pitch;
        probeBand[probed] = (float) band;
        if (++probed < PROBE_FRAMES) {
            return false;
        }
        decided = true;
        boolean changed = voiceFrames >= VOICE_MIN_FRAMES && differs();
        if (changed) {
            voiceFrames = 0;
            voiceNext = 0;
        }
        for (int i = 0; i < PROBE_FRAMES; i++) {
            remember(probePitch[i], probeBand[i]);
        }
        return changed;
    }

    private boolean differs() {
        double pitchApart = Math.abs(median(probePitch, PROBE_FRAMES) - median(voicePitch, voiceFrames));
        double bandApart = Math.abs(median(probeBand, PROBE_FRAMES) - median(voiceBand, voiceFrames));
        return pitchApart > log2(PITCH_RATIO) || bandApart > HIGH_BAND_DB;
    }

    private void remember(float pitch, float band) {
        voicePitch[voiceNext] = pitch;
        voiceBand[voiceNext] = band;
        voiceNext = (voiceNext + 1) % VOICE_FRAMES;
        voiceFrames = Math.min(VOICE_FRAMES, voiceFrames + 1);
    }

    private static double median(float[] values, int count) {
        float[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        return count % 2 == 1 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2.0;
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
