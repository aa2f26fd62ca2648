package dev.earshot.server.session;

import dev.earshot.protocol.Endpointing;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.ServerMessage.UtteranceEndMessage;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.PreRoll;
import dev.earshot.server.audio.VoiceActivity;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.transcript.RecognizedWord;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.util.List;
import java.util.function.Consumer;

/**
 * One transcribed channel: voice activity, the engine's recogniser and the transcript, and the rules
 * that decide when a segment becomes final (live-api.md §4, §6 of the research):
 * <ul>
 *   <li>endpointing: after {@code endpointing} ms of quiet following speech the segment ends with
 *       {@code speech_final:true};</li>
 *   <li>the engine's own pause detection ends segments too; when endpointing has not yet decided, that
 *       final is held until it does (speech_final) or speech resumes (not);</li>
 *   <li>a segment of continuous speech is cut at the soft limit in a dip, at the hard limit anywhere, to
 *       bound the recogniser's memory;</li>
 *   <li>interim Results at a bounded cadence, SpeechStarted at onsets, UtteranceEnd after a gap in words.</li>
 * </ul>
 * Where the engine itself finds a pause, it ends an <em>utterance</em> and its segment goes on: the next
 * utterance is decoded on the same recogniser, as the engine's own users decode, until the quiet has lasted
 * {@link #SEGMENT_END_QUIET_SEC}. Every other cut ends the segment with the engine flushing its input: a
 * cut in speech without flushing leaves the tail of the last word undecoded (it resurfaces as a spurious
 * word in the next segment), and keeps the engine's feature pipeline, whose native memory then grows for
 * minutes (measured: +175 MB over 10 minutes of continuous speech, against +70 MB flushing).
 *
 * <p>Audio times are samples fed divided by the engine rate. Decode lane only.
 */
public final class ChannelTranscriber implements AutoCloseable {
    /**
     * A block whose peak stays below this (-60 dBFS, 33 of 32767) is silence, and is not decoded between
     * segments. Not the voice tracker's judgement: it ignores anything under -50 dBFS, yet Vosk still
     * transcribed speech-a attenuated to a -45 dBFS peak at WER 0.21, and leaving that undecoded lost
     * every word. Room noise usually stays above this, so what is skipped is digital silence and near it.
     */
    private static final float SILENCE_PEAK = 0.001f;
    /**
     * How long the quiet after an utterance the engine ended at its own pause may last before the segment
     * ends too and the recogniser goes back to the pool. Speech resuming sooner continues on the same
     * recogniser (EngineStream.endUtterance); after it, the stream holds none and its silence is not decoded.
     */
    private static final double SEGMENT_END_QUIET_SEC = 1.0;
    /**
     * How long UtteranceEnd waits for the words of speech that resumed inside its gap. The engine names a
     * first word 0.2-1 s into speech (docs/performance.md 3a); speech whose words come within the gap means
     * there was no gap. Sounds the voice tracker took for speech that never become words (a cough, noise)
     * delay UtteranceEnd by this much at most.
     */
    private static final double RESUMED_SPEECH_WAIT_SEC = 2.0;
    /** A dip this long inside the soft segment limit is a good enough place to cut a long final. */
    private static final double SOFT_CUT_QUIET_SEC = 0.03;

    private final int channelIndex;
    private final int channelCount;
    private final int rateHz;
    private final EngineStream engine;
    private final TranscriptAssembler assembler;
    private final VoiceActivity voice;
    private final Consumer<ServerMessage> emit;
    private final ListenOptions options;
    /** Quiet that ends speech, in seconds; 0 when endpointing is off. */
    private final double endpointSec;
    private final double softLimitSec;
    private final double hardLimitSec;
    private final double interimIntervalSec;
    private final double interimRepeatSec;
    /**
     * Samples waiting to make a whole block. The engine and the segmenting rules always see the same
     * blocks whatever the client's framing, so the same audio gives the same transcript: fed as it came,
     * framing alone moved segment cuts enough to change 1 to 3 words of speech-a's 42.
     */
    private final float[] block;
    private int blockFill;
    /** Quiet audio held back from the engine between segments. */
    private final PreRoll preRoll;

    private long samplesFed;
    /** Where the next final's span starts: the end of the last one. */
    private double segmentStartSec;
    private boolean segmentHeardSpeech;
    /** Whether the engine ended an utterance at a pause and its segment goes on for the next one. */
    private boolean betweenUtterances;
    private Held held;
    private double lastInterimSec;
    /** The text of the last interim, null when the segment has had none: its first one goes out at once. */
    private String lastInterimText;
    /** The end of the last word heard, interim ones included (their times are estimates, never too early). */
    private double heardWordEndSec = -1;
    /** The end of the last final word: what UtteranceEnd reports. */
    private double finalWordEndSec = -1;
    private boolean utteranceEndSent = true;
    /** The onset of speech heard since the last word ended whose words have not come yet; -1 when none. */
    private double resumedSpeechSec = -1;
    /** Whether interim words were heard since the last final: UtteranceEnd finalizes them first. */
    private boolean interimWordsPending;

    /** A final the engine produced before endpointing could decide whether speech ended with it. */
    private record Held(List<RecognizedWord> words, double endSec) {
    }

    public ChannelTranscriber(int channelIndex, int channelCount, EngineStream engine, TranscriptAssembler assembler,
                       Consumer<ServerMessage> emit, ListenOptions options, Settings settings, int rateHz) {
        this.channelIndex = channelIndex;
        this.channelCount = channelCount;
        this.rateHz = rateHz;
        this.engine = engine;
        this.assembler = assembler;
        this.emit = emit;
        this.options = options;
        this.voice = new VoiceActivity(rateHz, (int) settings.minPause().toMillis());
        Endpointing endpointing = options.endpointing();
        double minPauseSec = settings.minPause().toMillis() / 1000.0;
        this.endpointSec = endpointing.enabled() ? Math.max(minPauseSec, endpointing.silenceMs() / 1000.0) : 0;
        this.softLimitSec = settings.segmentSoftLimit().toMillis() / 1000.0;
        this.hardLimitSec = settings.segmentHardLimit().toMillis() / 1000.0;
        this.interimIntervalSec = settings.interimInterval().toMillis() / 1000.0;
        this.interimRepeatSec = settings.interimRepeat().toMillis() / 1000.0;
        this.block = new float[(int) Math.max(1, settings.engineBlock().toMillis() * rateHz / 1000)];
        this.preRoll = new PreRoll(settings.preRoll().toMillis() * rateHz / 1000);
    }

    /** Transcribes the next samples (floats in [-1, 1] at the engine's rate), a block at a time. */
    public void accept(float[] samples, int count) throws EngineException {
        int offset = 0;
        while (offset < count) {
            int taken = Math.min(count - offset, block.length - blockFill);
            System.arraycopy(samples, offset, block, blockFill, taken);
            blockFill += taken;
            offset += taken;
            if (blockFill == block.length) {
                process(block, blockFill);
                blockFill = 0;
            }
        }
    }

    /** Whatever is left of a partial block, before finalizing. */
    private void processPartialBlock() throws EngineException {
        if (blockFill > 0) {
            process(block, blockFill);
            blockFill = 0;
        }
    }

    private void process(float[] samples, int count) throws EngineException {
        List<Long> onsets = voice.accept(samples, count);
        for (long onset : onsets) {
            if (resumedSpeechSec < 0 && (double) onset / rateHz > heardWordEndSec) {
                resumedSpeechSec = (double) onset / rateHz;
            }
            segmentHeardSpeech = true;
            betweenUtterances = false;
            if (held != null) {
                emitHeld(false); // speech resumed: the held final did not end the speech
            }
            if (options.vadEvents()) {
                emit.accept(new SpeechStartedMessage(channelIndex, channelCount, (double) onset / rateHz));
            }
        }
        segmentHeardSpeech |= voice.isSpeaking();
        List<RecognizedWord> endedBeforeBlock = null;
        if (held == null && engine.inSegment() && endpointDue() && voice.quietSamples() >= count) {
            // The quiet that ends this utterance already covers the whole block: the segment ends before
            // the block, which then starts the next segment or waits in the pre-roll. Fed to the segment
            // that ends, a block holding the first milliseconds of the next utterance (an onset the voice
            // tracker confirms only some frames in) would cut that onset in two: speech-a's "glue" came out
            // "blue". The final still spans the block, as it would have (withinSpan).
            endedBeforeBlock = endSegment();
        }
        boolean audible = !onsets.isEmpty() || voice.isSpeaking() || peak(samples, count) >= SILENCE_PEAK;
        boolean engineEnded = decode(toPcm16(samples, count), audible);
        samplesFed += count;
        double now = nowSec();
        if (endedBeforeBlock != null) {
            finish(endedBeforeBlock, true, false);
        }
        if (engineEnded) {
            betweenUtterances = true;
            onEngineSegment(engine.endUtterance());
        } else if (endpointDue()) {
            if (held != null) {
                emitHeld(true); // the engine already closed the utterance that held the speech
            } else {
                finish(endSegment(), true, false);
            }
        } else if (betweenUtterances && held == null && !voice.isSpeaking() && quietSec() >= SEGMENT_END_QUIET_SEC) {
            List<RecognizedWord> words = endSegment();
            if (!words.isEmpty()) {
                finish(words, endpointDue(), false);
            }
        } else if (now - segmentStartSec >= hardLimitSec
                || (now - segmentStartSec >= softLimitSec
                && (double) voice.samplesSinceVoice() / rateHz >= SOFT_CUT_QUIET_SEC)) {
            finish(endSegment(), false, false);
        } else {
            interimIfDue(now);
        }
        utteranceEndIfDue(now);
    }

    /**
     * Feeds a block to the engine, except silent blocks between segments: those wait in the pre-roll, and
     * are decoded only if a sound follows them closely. Silence is much of many streams (a caller on hold,
     * a paused recording, padding), and a stream between segments holds no recogniser.
     *
     * @param audible whether the block rises above silence or belongs to a stretch of speech
     * @return whether the engine ended a segment
     */
    private boolean decode(short[] pcm, boolean audible) throws EngineException {
        if (!audible && !engine.inSegment() && preRoll.enabled()) {
            long dropped = preRoll.hold(pcm);
            if (dropped > 0) {
                engine.skip((int) dropped);
            }
            return false;
        }
        boolean ended = false;
        for (short[] held : preRoll.release()) {
            ended |= engine.accept(held, held.length);
        }
        return engine.accept(pcm, pcm.length) | ended;
    }

    private List<RecognizedWord> endSegment() throws EngineException {
        betweenUtterances = false;
        return engine.endSegment();
    }

    /**
     * Finalizes whatever this channel has: on {@code Finalize} (marked {@code from_finalize}) and at the end
     * of the stream.
     */
    public void flush(boolean fromFinalize) throws EngineException {
        processPartialBlock();
        if (held != null) {
            emitHeld(endpointDue(), fromFinalize);
        }
        if (nowSec() > segmentStartSec) {
            finish(endSegment(), endpointDue(), fromFinalize);
        }
    }

    private void onEngineSegment(List<RecognizedWord> words) {
        if (endpointSec == 0) {
            finish(words, false, false);
        } else if (endpointDue()) {
            finish(words, true, false);
        } else if (!words.isEmpty()) {
            if (held != null) {
                emitHeld(false); // a second engine segment without a pause decided: the first did not end speech
            }
            held = new Held(words, nowSec());
        }
        // An empty segment in silence: nothing to say, its span joins the next final's.
    }

    private void emitHeld(boolean speechFinal) {
        emitHeld(speechFinal, false);
    }

    private void emitHeld(boolean speechFinal, boolean fromFinalize) {
        Held final_ = held;
        held = null;
        emitFinal(final_.words(), final_.endSec(), speechFinal, fromFinalize);
        segmentHeardSpeech = voice.isSpeaking(); // the speech heard so far belonged to the held final
    }

    private void finish(List<RecognizedWord> words, boolean speechFinal, boolean fromFinalize) {
        if (held != null) {
            emitHeld(false);
        }
        emitFinal(words, nowSec(), speechFinal, fromFinalize);
        segmentHeardSpeech = voice.isSpeaking();
    }

    private void emitFinal(List<RecognizedWord> found, double endSec, boolean speechFinal, boolean fromFinalize) {
        List<RecognizedWord> words = withinSpan(found);
        noteWords(words, true);
        emit.accept(assembler.finalResult(words, segmentStartSec, endSec, speechFinal, fromFinalize));
        segmentStartSec = endSec;
        lastInterimSec = endSec;
        lastInterimText = null;
    }

    /**
     * The words with none starting before the span of the Results they go in. A segment that began with the
     * block that completed the last endpoint hears that block, but the final before it spans the block: a
     * word the engine starts there (at most the few frames of an onset the voice tracker had not confirmed)
     * starts at the span's start instead.
     */
    private List<RecognizedWord> withinSpan(List<RecognizedWord> words) {
        if (words.isEmpty() || words.get(0).startSec() >= segmentStartSec) {
            return words;
        }
        List<RecognizedWord> within = new java.util.ArrayList<>(words.size());
        for (RecognizedWord word : words) {
            double start = Math.max(word.startSec(), segmentStartSec);
            within.add(start == word.startSec() ? word
                    : new RecognizedWord(word.text(), start, Math.max(start, word.endSec()), word.confidence()));
        }
        return within;
    }

    /** Whether quiet after speech in this segment has lasted the endpointing time. */
    private boolean endpointDue() {
        return endpointSec > 0 && segmentHeardSpeech && !voice.isSpeaking() && quietSec() >= endpointSec;
    }

    private void interimIfDue(double now) throws EngineException {
        // While a segment has no words yet, the engine is asked after every block (a partial is cheap): the
        // first words of an utterance go out as soon as the engine has them, not up to an interval later.
        boolean firstWordsAwaited = (lastInterimText == null || lastInterimText.isEmpty()) && engine.inSegment();
        boolean due = now - lastInterimSec >= interimIntervalSec;
        if (!options.interimResults() || (!firstWordsAwaited && !due)) {
            return;
        }
        List<RecognizedWord> words = withinSpan(engine.partial());
        if (words.isEmpty() && !due) {
            return; // still no words: an empty interim only at the usual cadence
        }
        noteWords(words, false);
        String text = words.stream().map(RecognizedWord::text).collect(java.util.stream.Collectors.joining(" "));
        if (!text.equals(lastInterimText) || now - lastInterimSec >= interimRepeatSec) { // null: the first one
            emit.accept(assembler.interim(words, segmentStartSec, now));
            lastInterimSec = now;
            lastInterimText = text;
        }
    }

    /** UtteranceEnd reports the last finalized word, so words still open are finalized first. */
    private void utteranceEndIfDue(double now) throws EngineException {
        double gapSec = options.utteranceEndMs().orElse(0) / 1000.0;
        if (options.utteranceEndMs().isEmpty() || utteranceEndSent || now - heardWordEndSec < gapSec) {
            return;
        }
        if (resumedSpeechSec >= 0 && resumedSpeechSec < heardWordEndSec + gapSec
                && now - resumedSpeechSec < RESUMED_SPEECH_WAIT_SEC) {
            return; // speech resumed within the gap, and its words may still be on their way
        }
        if (held != null) {
            emitHeld(endpointDue());
        }
        if (interimWordsPending) {
            finish(endSegment(), endpointDue(), false);
        }
        utteranceEndSent = true;
        if (finalWordEndSec >= 0) {
            emit.accept(new UtteranceEndMessage(channelIndex, channelCount, finalWordEndSec));
        }
    }

    private void noteWords(List<RecognizedWord> words, boolean isFinal) {
        if (isFinal) {
            interimWordsPending = false; // a final decodes everything fed so far
        }
        if (words.isEmpty()) {
            return;
        }
        double end = words.get(words.size() - 1).endSec();
        if (end > heardWordEndSec) {
            heardWordEndSec = end;
            utteranceEndSent = false;
            resumedSpeechSec = -1; // the words came
        }
        if (isFinal) {
            finalWordEndSec = Math.max(finalWordEndSec, end);
        } else {
            interimWordsPending = true;
        }
    }

    private double nowSec() {
        return (double) samplesFed / rateHz;
    }

    private double quietSec() {
        return (double) voice.quietSamples() / rateHz;
    }

    private static float peak(float[] samples, int count) {
        float peak = 0;
        for (int i = 0; i < count; i++) {
            peak = Math.max(peak, Math.abs(samples[i]));
        }
        return peak;
    }

    private static short[] toPcm16(float[] samples, int count) {
        short[] pcm = new short[count];
        for (int i = 0; i < count; i++) {
            float scaled = samples[i] * 32768f;
            pcm[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(scaled)));
        }
        return pcm;
    }

    @Override
    public void close() {
        engine.close();
    }
}
