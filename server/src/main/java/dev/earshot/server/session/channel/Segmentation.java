package dev.earshot.server.session.channel;

import dev.earshot.server.audio.voice.VoiceActivity;
import java.util.List;

/**
 * Where one channel's audio is cut into finals (live-api.md §4, §6 of the research). It hears every block
 * through a voice tracker and, once the block is decoded, names the cut that block calls for, if any:
 * <ul>
 *   <li>{@link Cut#ENGINE_PAUSE}: the engine found a pause of its own;</li>
 *   <li>{@link Cut#ENDPOINT}: quiet after speech has lasted {@code endpointing} ({@code speech_final});</li>
 *   <li>{@link Cut#RELEASE}: the quiet has lasted so long that the recogniser goes back to the pool;</li>
 *   <li>{@link Cut#SOFT_LIMIT} and {@link Cut#HARD_LIMIT}: a final of long speech is cut in its next dip
 *       after the soft limit, anywhere at the hard limit, to bound the recogniser's memory.</li>
 * </ul>
 * Times are seconds of audio heard. Decode lane only.
 */
final class Segmentation {
    /** A dip this long inside the soft limit is a good enough place to cut a long final. */
    static final double SOFT_CUT_QUIET_SEC = 0.03;

    enum Cut { NONE, ENGINE_PAUSE, ENDPOINT, RELEASE, SOFT_LIMIT, HARD_LIMIT }

    private final VoiceActivity voice;
    private final int rateHz;
    /** Quiet that ends speech, in seconds; 0 when endpointing is off. */
    private final double endpointSec;
    private final double releaseQuietSec;
    private final double softLimitSec;
    private final double hardLimitSec;

    private long samplesHeard;
    private int lastBlockSamples;
    /** Where the next final's span starts: the end of the last one. */
    private double spanStartSec;
    /** Whether speech was heard in the next final's span. */
    private boolean spanHeardSpeech;

    /**
     * @param endpointSec     quiet after speech that ends it with {@code speech_final}; 0: endpointing off
     * @param releaseQuietSec quiet after which the recogniser goes back to the pool
     * @param softLimitSec    a final's length after which it is cut at the next dip
     * @param hardLimitSec    a final's length after which it is cut wherever the audio is
     */
    Segmentation(VoiceActivity voice, int rateHz, double endpointSec, double releaseQuietSec, double softLimitSec,
                 double hardLimitSec) {
        this.voice = voice;
        this.rateHz = rateHz;
        this.endpointSec = endpointSec;
        this.releaseQuietSec = releaseQuietSec;
        this.softLimitSec = softLimitSec;
        this.hardLimitSec = hardLimitSec;
    }

    /**
     * Hears a block, before it is decoded.
     *
     * @return where speech started in it, in samples since the stream opened: usually nowhere
     */
    List<Long> hear(float[] samples, int count) {
        List<Long> onsets = voice.accept(samples, count);
        samplesHeard += count;
        lastBlockSamples = count;
        spanHeardSpeech |= !onsets.isEmpty() || voice.isSpeaking();
        return onsets;
    }

    /**
     * Whether the quiet that ends the speech already covered the whole block just heard: the final then ends
     * before the block, which may hold the first milliseconds of the next speech.
     */
    boolean endpointCoversBlock(int count) {
        return endpointDue() && voice.quietSamples() >= count;
    }

    /**
     * The cut the block just heard and decoded calls for.
     *
     * @param engineEnded  the engine found a pause in the block
     * @param finalHeld    a final of the engine's waits for endpointing to decide whether it ended the speech
     */
    Cut cutAfter(boolean engineEnded, boolean finalHeld) {
        double now = nowSec();
        double quiet = quietSec();
        if (engineEnded) {
            return Cut.ENGINE_PAUSE;
        } else if (endpointDue()) {
            return Cut.ENDPOINT;
        } else if (!finalHeld && !voice.isSpeaking() && quiet >= releaseQuietSec
                && quiet - (double) lastBlockSamples / rateHz < releaseQuietSec) { // once, as the quiet reaches it
            return Cut.RELEASE;
        } else if (now - spanStartSec >= hardLimitSec) {
            return Cut.HARD_LIMIT;
        } else if (now - spanStartSec >= softLimitSec
                && (double) voice.samplesSinceVoice() / rateHz >= SOFT_CUT_QUIET_SEC) {
            return Cut.SOFT_LIMIT;
        }
        return Cut.NONE;
    }

    /** A final went out spanning audio to {@code endSec}: the next one's span starts there. */
    void finalSent(double endSec) {
        spanStartSec = endSec;
        spanHeardSpeech = voice.isSpeaking();
    }

    /** Whether quiet after speech in this span has lasted the endpointing time. */
    boolean endpointDue() {
        return endpointSec > 0 && spanHeardSpeech && !voice.isSpeaking() && quietSec() >= endpointSec;
    }

    /** Whether the client asked for endpointing. */
    boolean endpointing() {
        return endpointSec > 0;
    }

    double spanStartSec() {
        return spanStartSec;
    }

    boolean speaking() {
        return voice.isSpeaking();
    }

    /** Samples of quiet since speech last ended. */
    long quietSamples() {
        return voice.quietSamples();
    }

    private double quietSec() {
        return (double) voice.quietSamples() / rateHz;
    }

    private double nowSec() {
        return (double) samplesHeard / rateHz;
    }
}
