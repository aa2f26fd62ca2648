package dev.earshot.server.audio.voice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Voice-activity tracking for one channel at the engine's rate, from 5 ms frame energies against the
 * noise floor. The engine's own endpointer only ends segments after 0.5–1 s of silence and cannot be
 * tuned per request, so {@code endpointing} and {@code SpeechStarted} are decided here.
 *
 * <p>The noise floor is the quietest frame of the last {@link #FLOOR_WINDOW_FRAMES} (minimum statistics):
 * it follows steady background noise within that window, and speech does not drag it up because speech
 * always has quiet gaps between syllables and words; a sound that stays loud for the whole window is a
 * hum, not speech. Digital silence (exact zeros, padding) says nothing about the room: it counts as a
 * quiet room ({@link #DEFAULT_FLOOR_DB}), not as -inf, so noise that follows it is learnt within the window.
 * The price: noise louder than {@code DEFAULT_FLOOR_DB + 12 dB} right after digital silence counts as speech
 * until the window has passed over the silence; a steady level alone cannot tell a hum from a voice.
 *
 * <p>Speech starts after {@link #ONSET_FRAMES} voiced frames in a row, 30 ms: a click or pop of 20 ms
 * touches at most five 5 ms frames wherever it falls, so it is never speech. Speech ends after
 * {@code minPause} without a voiced frame: the gaps inside words (stop consonants) and between words are
 * shorter, so a pause is a real pause.
 */
public final class VoiceActivity {
    static final int FRAMES_PER_SECOND = 200;
    static final int ONSET_FRAMES = 6;
    /** 3 s: far longer than any syllable or held vowel, so the window always holds a gap between sounds. */
    static final int FLOOR_WINDOW_FRAMES = 3 * FRAMES_PER_SECOND;
    /** Energy above the noise floor that counts as voice: 12 dB is about 4x the noise amplitude. */
    private static final double VOICE_ABOVE_FLOOR_DB = 12.0;
    /** Nothing quieter than this is speech, whatever the floor (very quiet rooms). */
    private static final double ABSOLUTE_MIN_DB = -50.0;
    /** The floor of a quiet room: assumed before anything is heard, and for digital silence. */
    private static final double DEFAULT_FLOOR_DB = -60.0;

    private final int frameSamples;
    private final int minPauseFrames;

    /** Decode lane only. */
    private double frameEnergy;
    private int frameFill;
    private long framesSeen;
    /** Recent frame energies (dB) with their frame numbers, increasing: the front is the minimum. */
    private final Deque<double[]> floorWindow = new ArrayDeque<>();
    private int voicedRun;
    private boolean speaking;
    /** End of the last frame that belonged to confirmed speech, in samples; -1 before any speech. */
    private long lastSpeechEnd = -1;
    /** End of the last voiced frame of any kind, in samples; -1 before any. */
    private long lastVoicedEnd = -1;

    /**
     * @param sampleRateHz the rate of the samples fed (the engine's)
     * @param minPauseMs   silence that ends a stretch of speech
     */
    public VoiceActivity(int sampleRateHz, int minPauseMs) {
        this.frameSamples = Math.max(1, sampleRateHz / FRAMES_PER_SECOND);
        this.minPauseFrames = Math.max(1, minPauseMs * FRAMES_PER_SECOND / 1000);
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
        trackFloor(energyDb);
        boolean voiced = energyDb > Math.max(noiseFloorDb() + VOICE_ABOVE_FLOOR_DB, ABSOLUTE_MIN_DB);
        Long onset = null;
        if (voiced) {
            lastVoicedEnd = framesSeen * frameSamples;
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

    /** Sliding-window minimum over the last frames (a monotonic deque: O(1) per frame). */
    private void trackFloor(double energyDb) {
        while (!floorWindow.isEmpty() && floorWindow.peekFirst()[1] <= framesSeen - FLOOR_WINDOW_FRAMES) {
            floorWindow.pollFirst();
        }
        double measured = Math.max(energyDb, DEFAULT_FLOOR_DB);
        while (!floorWindow.isEmpty() && floorWindow.peekLast()[0] >= measured) {
            floorWindow.pollLast();
        }
        floorWindow.addLast(new double[] {measured, framesSeen});
    }

    private double noiseFloorDb() {
        return floorWindow.isEmpty() ? DEFAULT_FLOOR_DB : floorWindow.peekFirst()[0];
    }

    /** Whether the channel is in a stretch of speech (its last pause was shorter than minPause). */
    public boolean isSpeaking() {
        return speaking;
    }

    /** The end of the last speech frame, in samples from the start; -1 before any speech. */
    public long lastSpeechEnd() {
        return lastSpeechEnd;
    }

    /**
     * Samples since the last voiced frame, however short the sound it belonged to: how long the signal has
     * really been quiet, for cutting a long final in a true dip rather than inside a syllable.
     */
    public long samplesSinceVoice() {
        long now = framesSeen * frameSamples;
        return lastVoicedEnd < 0 ? now : now - lastVoicedEnd;
    }

    /** Samples of quiet since speech last ended (everything tracked, if there was no speech yet). */
    public long quietSamples() {
        long now = framesSeen * frameSamples;
        return lastSpeechEnd < 0 ? now : now - lastSpeechEnd;
    }
}
