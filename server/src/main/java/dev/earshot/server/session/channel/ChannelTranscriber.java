package dev.earshot.server.session.channel;

import dev.earshot.protocol.Endpointing;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.ServerMessage.UtteranceEndMessage;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.PreRoll;
import dev.earshot.server.audio.voice.VoiceActivity;
import dev.earshot.server.audio.voice.VoiceChange;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.session.channel.Segmentation.Cut;
import dev.earshot.server.transcript.RecognizedWord;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One transcribed channel: its audio goes to the engine ({@link EngineFeed}) a block at a time, the cuts
 * {@link Segmentation} names become final Results, and interim Results ({@link InterimCadence}),
 * SpeechStarted and UtteranceEnd ({@link UtteranceEndTracker}) go out between them. A pause the engine finds
 * before endpointing decides gives a final that is held until endpointing does ({@code speech_final}) or
 * speech resumes (not).
 *
 * <p>A stream keeps its recogniser, and the speaker adaptation and normalisation the recogniser has built up,
 * from one utterance to the next, as the engine's own users decode: starting afresh at every pause cost 3
 * points of WER on human speech (docs/performance.md §4d). It gives it back after a long quiet, at the end of
 * the stream and when long speech must be cut, and starts the adaptation afresh when the voice changes.
 *
 * <p>Audio times are samples fed divided by the engine rate. Decode lane only.
 */
public final class ChannelTranscriber implements AutoCloseable {
    /**
     * Quiet after which the stream's recogniser goes back to the pool, for whichever stream speaks next: a
     * pause this long is a new turn more often than not, and a quiet stream then holds no recogniser (each
     * holds tens of MB). Speech resuming sooner continues on the same one.
     */
    static final double RELEASE_QUIET_SEC = 10.0;

    private final int channelIndex;
    private final int channelCount;
    private final int rateHz;
    private final TranscriptAssembler assembler;
    private final Consumer<ServerMessage> emit;
    private final ListenOptions options;
    private final Segmentation segmentation;
    private final EngineFeed feed;
    private final VoiceChange voiceChange;
    private final InterimCadence interims;
    private final UtteranceEndTracker utteranceEnd;
    /**
     * Samples waiting to make a whole block. The engine and the segmenting rules always see the same
     * blocks whatever the client's framing, so the same audio gives the same transcript: fed as it came,
     * framing alone moved segment cuts enough to change 1 to 3 words of speech-a's 42.
     */
    private final float[] block;
    private final Finals finals;
    private int blockFill;
    private long samplesFed;

    public ChannelTranscriber(int channelIndex, int channelCount, EngineStream engine, TranscriptAssembler assembler,
                       Consumer<ServerMessage> emit, ListenOptions options, Settings settings, int rateHz) {
        this.channelIndex = channelIndex;
        this.channelCount = channelCount;
        this.rateHz = rateHz;
        this.assembler = assembler;
        this.emit = emit;
        this.options = options;
        Endpointing endpointing = options.endpointing();
        double minPauseSec = settings.minPause().toMillis() / 1000.0;
        double endpointSec = endpointing.enabled() ? Math.max(minPauseSec, endpointing.silenceMs() / 1000.0) : 0;
        this.segmentation = new Segmentation(new VoiceActivity(rateHz, (int) settings.minPause().toMillis()), rateHz,
                endpointSec, RELEASE_QUIET_SEC, seconds(settings.segmentSoftLimit()),
                seconds(settings.segmentHardLimit()));
        this.voiceChange = new VoiceChange(rateHz);
        this.feed = new EngineFeed(engine, new PreRoll(settings.preRoll().toMillis() * rateHz / 1000), rateHz);
        this.interims = new InterimCadence(seconds(settings.interimInterval()), seconds(settings.interimRepeat()));
        this.utteranceEnd = new UtteranceEndTracker(options.utteranceEndMs().isPresent()
                ? options.utteranceEndMs().getAsInt() / 1000.0 : -1);
        this.block = new float[(int) Math.max(1, settings.engineBlock().toMillis() * rateHz / 1000)];
        this.finals = new Finals(assembler, emit, segmentation, interims, utteranceEnd);
    }

    private static double seconds(java.time.Duration duration) {
        return duration.toMillis() / 1000.0;
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

    private void process(float[] samples, int count) throws EngineException {
        List<Long> onsets = segmentation.hear(samples, count);
        for (long onset : onsets) {
            speechStarted((double) onset / rateHz);
        }
        if (voiceChange.hear(samples, count, !onsets.isEmpty())) {
            feed.renewAdaptation();
        }
        List<RecognizedWord> endedBeforeBlock = null;
        if (!finals.holding() && feed.inUtterance() && segmentation.endpointCoversBlock(count)) {
            // The quiet that ends this utterance already covers the whole block: the utterance ends before
            // the block, which then starts the next one or waits in the pre-roll. Fed to the utterance that
            // ends, a block holding the first milliseconds of the next one (an onset the voice tracker
            // confirms only some frames in) would cut that onset in two: speech-a's "glue" came out "blue".
            // The final still spans the block, as it would have (withinSpan).
            endedBeforeBlock = feed.endUtteranceInQuiet(segmentation.quietSamples() - count);
        }
        boolean engineEnded = feed.feed(samples, count, !onsets.isEmpty() || segmentation.speaking());
        samplesFed += count;
        if (endedBeforeBlock != null) {
            finish(endedBeforeBlock, Closing.END_OF_SPEECH);
        }
        cut(segmentation.cutAfter(engineEnded, finals.holding()));
        utteranceEndIfDue();
    }

    private void speechStarted(double onsetSec) {
        utteranceEnd.speechStarted(onsetSec);
        finals.releaseHeld(Closing.MID_SPEECH); // speech resumed: a held final did not end the speech
        if (options.vadEvents()) {
            emit.accept(new SpeechStartedMessage(channelIndex, channelCount, onsetSec));
        }
    }

    private void cut(Cut cut) throws EngineException {
        switch (cut) {
            case ENGINE_PAUSE -> enginePaused(feed.endUtterance());
            case ENDPOINT -> {
                if (finals.holding()) {
                    finals.releaseHeld(Closing.END_OF_SPEECH); // the engine already ended the speech's utterance
                } else {
                    finish(feed.endUtteranceInQuiet(segmentation.quietSamples()), Closing.END_OF_SPEECH);
                }
            }
            case RELEASE -> {
                List<RecognizedWord> words = feed.endSegment();
                if (!words.isEmpty()) {
                    finish(words, Closing.endOfSpeech(segmentation.endpointDue()));
                }
            }
            case SOFT_LIMIT, HARD_LIMIT -> finish(feed.endSegment(), Closing.MID_SPEECH);
            case NONE -> interimIfDue();
        }
    }

    /** {@code Finalize}: final Results for everything heard so far, marked {@code from_finalize}. */
    public void finalizeOnRequest() throws EngineException {
        // Asked for in a pause, the recogniser stays for the speech that follows; asked for in speech, the
        // engine must decode every sample fed, which only ending the segment does.
        finalizeAll(Closing.endOfSpeech(segmentation.endpointDue()).askedByFinalize(),
                !segmentation.speaking() && segmentation.quietSamples() >= block.length);
    }

    /** The end of the audio: the last final Results, and the recogniser goes back. */
    public void endOfAudio() throws EngineException {
        finalizeAll(Closing.endOfSpeech(segmentation.endpointDue()), false);
    }

    private void finalizeAll(Closing closing, boolean inPause) throws EngineException {
        if (blockFill > 0) { // whatever is left of a partial block
            process(block, blockFill);
            blockFill = 0;
        }
        finals.releaseHeld(closing);
        if (nowSec() > segmentation.spanStartSec()) {
            finish(inPause ? feed.endUtteranceInQuiet(segmentation.quietSamples()) : feed.endSegment(), closing);
        }
    }

    private void enginePaused(List<RecognizedWord> words) {
        if (!segmentation.endpointing()) {
            finish(words, Closing.MID_SPEECH);
        } else if (segmentation.endpointDue()) {
            finish(words, Closing.END_OF_SPEECH);
        } else if (!words.isEmpty()) {
            finals.hold(words, nowSec());
        }
        // An empty utterance in silence: nothing to say, its span joins the next final's.
    }

    private void interimIfDue() throws EngineException {
        double now = nowSec();
        if (!options.interimResults() || !interims.asksEngine(now, feed.inUtterance())) {
            return;
        }
        List<RecognizedWord> words = finals.withinSpan(feed.partial());
        if (words.isEmpty() && !interims.due(now)) {
            return; // still no words: an empty interim only at the usual cadence
        }
        utteranceEnd.heard(words, false);
        String text = words.stream().map(RecognizedWord::text).collect(Collectors.joining(" "));
        if (interims.sends(text, now)) {
            emit.accept(assembler.interim(words, segmentation.spanStartSec(), now));
            interims.sent(text, now);
        }
    }

    /** UtteranceEnd reports the last finalized word, so words still open are finalized first. */
    private void utteranceEndIfDue() throws EngineException {
        if (!utteranceEnd.due(nowSec())) {
            return;
        }
        Closing closing = Closing.endOfSpeech(segmentation.endpointDue());
        finals.releaseHeld(closing);
        if (utteranceEnd.interimWordsPending()) {
            finish(feed.endUtteranceInQuiet(segmentation.quietSamples()), closing);
        }
        double lastWordEnd = utteranceEnd.send();
        if (lastWordEnd >= 0) {
            emit.accept(new UtteranceEndMessage(channelIndex, channelCount, lastWordEnd));
        }
    }

    private void finish(List<RecognizedWord> words, Closing closing) {
        finals.send(words, nowSec(), closing);
    }

    private double nowSec() {
        return (double) samplesFed / rateHz;
    }

    @Override
    public void close() {
        feed.close();
    }
}
