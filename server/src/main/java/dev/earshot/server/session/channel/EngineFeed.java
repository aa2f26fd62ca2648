package dev.earshot.server.session.channel;

import dev.earshot.server.audio.PreRoll;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.transcript.RecognizedWord;
import java.util.List;

/**
 * What one channel gives its engine stream: blocks as 16-bit PCM, except silence between utterances, which
 * waits in the pre-roll and is decoded only if a sound follows closely. Silence is much of many streams (a
 * caller on hold, a paused recording, padding), and costs nothing undecoded.
 *
 * <p>It also keeps the last audio it decoded, to end an utterance at a pause the engine has not reached yet
 * by decoding that pause again ({@link EngineStream#endUtteranceInQuiet}). Decode lane only.
 */
final class EngineFeed implements AutoCloseable {
    /**
     * A block whose peak stays below this (-60 dBFS, 33 of 32767) is silence, and is not decoded between
     * utterances. Not the voice tracker's judgement: it ignores anything under -50 dBFS, yet Vosk still
     * transcribed speech-a attenuated to a -45 dBFS peak at WER 0.21, and leaving that undecoded lost
     * every word. Room noise usually stays above this, so what is skipped is digital silence and near it.
     */
    private static final float SILENCE_PEAK = 0.001f;
    /**
     * How much pause the engine decodes again to end an utterance at a pause it has not reached: its decoder
     * runs 0.2-0.3 s behind its input. Ending without it cut the last word; with 300 ms of digital silence
     * instead, the adaptation suffered (docs/performance.md §4d).
     */
    static final double PAUSE_REPLAY_SEC = 0.3;
    /** Less quiet audio than this is too little to repeat into a pause: the segment is finished instead. */
    private static final double MIN_PAUSE_SOURCE_SEC = 0.02;

    private final EngineStream engine;
    private final PreRoll preRoll;
    /** The last samples decoded, a ring: enough to replay a pause. */
    private final short[] recent;
    private final int minPauseSource;
    private int recentEnd;
    private long decoded;
    private long ditherState = 0x2545F4914F6CDD1DL;

    EngineFeed(EngineStream engine, PreRoll preRoll, int rateHz) {
        this.engine = engine;
        this.preRoll = preRoll;
        this.recent = new short[(int) Math.ceil(PAUSE_REPLAY_SEC * rateHz)];
        this.minPauseSource = (int) (MIN_PAUSE_SOURCE_SEC * rateHz);
    }

    /**
     * Feeds a block, or holds it in the pre-roll if it is silent and no utterance is open.
     *
     * @param speech whether the voice tracker hears speech in the block
     * @return whether the engine found a pause of its own
     */
    boolean feed(float[] samples, int count, boolean speech) throws EngineException {
        short[] pcm = toPcm16(samples, count);
        if (!speech && !engine.inUtterance() && preRoll.enabled() && peak(samples, count) < SILENCE_PEAK) {
            long dropped = preRoll.hold(pcm);
            if (dropped > 0) {
                engine.skip((int) dropped);
            }
            return false;
        }
        boolean ended = false;
        for (short[] held : preRoll.release()) {
            ended |= decode(held);
        }
        return decode(pcm) | ended;
    }

    private boolean decode(short[] pcm) throws EngineException {
        remember(pcm);
        return engine.accept(pcm, pcm.length);
    }

    private void remember(short[] pcm) {
        for (int i = Math.max(0, pcm.length - recent.length); i < pcm.length; i++) {
            recent[recentEnd] = pcm[i];
            recentEnd = (recentEnd + 1) % recent.length;
        }
        decoded += pcm.length;
    }

    boolean inUtterance() {
        return engine.inUtterance();
    }

    List<RecognizedWord> partial() throws EngineException {
        return engine.partial();
    }

    /** Ends the utterance at the engine's own pause. */
    List<RecognizedWord> endUtterance() throws EngineException {
        return engine.endUtterance();
    }

    /**
     * Ends the utterance at a pause found here: the last {@code quietSamples} decoded, repeated to
     * {@link #PAUSE_REPLAY_SEC}, are decoded again first. Without enough quiet audio to repeat, the segment
     * ends instead, the engine decoding what it has.
     */
    List<RecognizedWord> endUtteranceInQuiet(long quietSamples) throws EngineException {
        int source = (int) Math.min(Math.min(quietSamples, recent.length), decoded);
        if (!engine.inUtterance()) {
            return List.of();
        }
        if (source < minPauseSource) {
            return engine.endSegment();
        }
        short[] pause = new short[recent.length];
        int sourceStart = Math.floorMod(recentEnd - source, recent.length);
        for (int i = 0; i < pause.length; i++) {
            pause[i] = recent[(sourceStart + i % source) % recent.length];
        }
        return engine.endUtteranceInQuiet(pause);
    }

    /** The voice changed: the engine starts its adaptation afresh, from the open utterance's start. */
    void renewAdaptation() throws EngineException {
        engine.renewAdaptation();
    }

    /** Ends the utterance and gives the recogniser back; the engine decodes everything fed first. */
    List<RecognizedWord> endSegment() throws EngineException {
        return engine.endSegment();
    }

    private static float peak(float[] samples, int count) {
        float peak = 0;
        for (int i = 0; i < count; i++) {
            peak = Math.max(peak, Math.abs(samples[i]));
        }
        return peak;
    }

    /**
     * 16-bit PCM with a least significant bit of noise, the dither the model's own features go without
     * ({@code --dither=0}, for deterministic runs): runs of exact zeros, which G.711 makes of quiet passages,
     * otherwise skew the features and their normalisation (μ-law on the human set: 18.65% WER without,
     * 15.98% with, docs/performance.md §4d). The noise comes from a fixed sequence, so the same audio still
     * gives the same transcript.
     */
    private short[] toPcm16(float[] samples, int count) {
        short[] pcm = new short[count];
        for (int i = 0; i < count; i++) {
            float scaled = samples[i] * 32768f + nextDither();
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(scaled)));
        }
        return pcm;
    }

    /** -1, 0 or 1, evenly, from a linear congruential sequence (Knuth's MMIX constants). */
    private int nextDither() {
        ditherState = ditherState * 6364136223846793005L + 1442695040888963407L;
        return (int) ((ditherState >>> 33) % 3) - 1;
    }

    @Override
    public void close() {
        engine.close();
    }
}
