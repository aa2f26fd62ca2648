package dev.earshot.server.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Voice-activity tracking for one channel at the engine's rate, from 10 ms frame energies against an
 * adaptive noise floor. The engine's own endpointer only ends segments after 0.5–1 s of silence and
 * cannot be tuned per request, so {@code endpointing} and {@code SpeechStarted} are decided here.
 *
 * <p>Speech starts after {@link #ONSET_FRAMES} voiced frames in a row (a click is not speech) and ends
 * after {@code minPause} without one: the gaps inside words (stop consonants) and between words are
 * shorter than that, so a pause is a real pause.
 */
public final class VoiceActivity {
    /** 30 ms of voiced frames: shorter bursts are clicks and pops, not speech. */
    static final int ONSET_FRAMES = 3;
    /** Energy above the noise floor that counts as voice: 12 dB is about 4x the noise amplitude. */
    private static final double VOICE_ABOVE_FLOOR_DB = 12.0;
    /** Nothing quieter than this is speech, whatever the floor (very quiet rooms, digital silence). */
    private static final double ABSOLUTE_MIN_DB = -50.0;
    private static final double FLOOR_MIN_DB = -90.0;
    /** The floor falls at once to a quieter frame and rises 1 dB per second, so speech cannot drag it up. */
    private static final double FLOOR_RISE_DB_PER_FRAME = 0.01;

    private final int frameSamples;
    private final int minPauseFrames;

    /** Decode lane only. */
    private double frameEnergy;
    private int frameFill;
    private long framesSeen;
    private double noiseFloorDb = -60.0;
    private int voicedRun;
    private boolean speaking;
    /** End of the last frame that belonged to confirmed speech, in samples; -1 before any speech. */
    private long lastSpeechEnd = -1;

    /**
     * @param sampleRateHz the rate of the samples fed (the engine's)
     * @param minPauseMs   silence that ends a stretch of speech
     */
    public VoiceActivity(int sampleRateHz, int minPauseMs) {
        this.frameSamples = Math.max(1, sampleRateHz / 100);
        this.minPauseFrames = Math.max(1, minPauseMs / 10);
    }

    /**
     * Tracks these samples.
     *
     * @return the sample positions (from the start of the stream) where speech started, usually none
     */
    public List<Long> accept(float[] samples, int count) {
        List<Long> onsets = List.of();
        for (int i = 0; i < count; i++) {
            frameEnergy += samples[i] * samples[i];
            if (++frameFill == frameSamples) {
                Long onset = endFrame();
                if (onset != null) {
                    if (onsets.isEmpty()) {
                        onsets = new ArrayList<>(1);
                    }
                    onsets.add(onset);
                }
            }
        }
        return onsets;
    }

    private Long endFrame() {
        double energyDb = 10 * Math.log10(frameEnergy / frameSamples + 1e-12);
        frameEnergy = 0;
        frameFill = 0;
        framesSeen++;
        boolean voiced = energyDb > Math.max(noiseFloorDb + VOICE_ABOVE_FLOOR_DB, ABSOLUTE_MIN_DB);
        noiseFloorDb = energyDb < noiseFloorDb ? Math.max(FLOOR_MIN_DB, energyDb) : noiseFloorDb + FLOOR_RISE_DB_PER_FRAME;
        Long onset = null;
        if (voiced) {
            voicedRun++;
            if (voicedRun >= ONSET_FRAMES) {
                if (!speaking) {
                    speaking = true;
                    onset = (framesSeen - voicedRun) * frameSamples;
                }
                lastSpeechEnd = framesSeen * frameSamples;
            }
        } else {
            voicedRun = 0;
            if (speaking && framesSeen * frameSamples - lastSpeechEnd >= (long) minPauseFrames * frameSamples) {
                speaking = false;
            }
        }
        return onset;
    }

    /** Whether the channel is in a stretch of speech (its last pause was shorter than minPause). */
    public boolean isSpeaking() {
        return speaking;
    }

    /** The end of the last speech frame, in samples from the start; -1 before any speech. */
    public long lastSpeechEnd() {
        return lastSpeechEnd;
    }

    /** Samples of quiet since speech last ended (everything tracked, if there was no speech yet). */
    public long quietSamples() {
        long now = framesSeen * frameSamples;
        return lastSpeechEnd < 0 ? now : now - lastSpeechEnd;
    }
}
