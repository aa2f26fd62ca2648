package dev.earshot.server.session.channel;

import dev.earshot.protocol.ServerMessage;
import dev.earshot.server.transcript.RecognizedWord;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The final Results of one channel, each spanning the audio from the end of the one before: what goes out
 * at once, and the one final that may wait for endpointing to say whether the speech ended with it.
 * Decode lane only.
 */
final class Finals {
    private final TranscriptAssembler assembler;
    private final Consumer<ServerMessage> emit;
    private final Segmentation segmentation;
    private final InterimCadence interims;
    private final UtteranceEndTracker utteranceEnd;
    private Held held;

    /** A final the engine produced before endpointing could decide whether speech ended with it. */
    private record Held(List<RecognizedWord> words, double endSec) {
    }

    Finals(TranscriptAssembler assembler, Consumer<ServerMessage> emit, Segmentation segmentation,
           InterimCadence interims, UtteranceEndTracker utteranceEnd) {
        this.assembler = assembler;
        this.emit = emit;
        this.segmentation = segmentation;
        this.interims = interims;
        this.utteranceEnd = utteranceEnd;
    }

    boolean holding() {
        return held != null;
    }

    /** Keeps a final until endpointing decides; one held before it did not end the speech. */
    void hold(List<RecognizedWord> words, double endSec) {
        releaseHeld(Closing.MID_SPEECH);
        held = new Held(words, endSec);
    }

    /** Sends the held final, if any, saying how its speech closed. */
    void releaseHeld(Closing closing) {
        if (held != null) {
            Held final_ = held;
            held = null;
            emitFinal(final_.words(), final_.endSec(), closing);
        }
    }

    /** Sends a final spanning audio to {@code endSec}, after the held one, which then did not end the speech. */
    void send(List<RecognizedWord> words, double endSec, Closing closing) {
        releaseHeld(Closing.MID_SPEECH);
        emitFinal(words, endSec, closing);
    }

    private void emitFinal(List<RecognizedWord> found, double endSec, Closing closing) {
        List<RecognizedWord> words = withinSpan(found);
        utteranceEnd.heard(words, true);
        emit.accept(assembler.finalResult(words, segmentation.spanStartSec(), endSec, closing.speechFinal(),
                closing.fromFinalize()));
        segmentation.finalSent(endSec);
        interims.finalSent(endSec);
    }

    /**
     * The words with none starting before the span of the Results they go in. An utterance that began with
     * the block that completed the last endpoint hears that block, but the final before it spans the block:
     * a word the engine starts there (at most the few frames of an onset the voice tracker had not
     * confirmed) starts at the span's start instead.
     */
    List<RecognizedWord> withinSpan(List<RecognizedWord> words) {
        double spanStart = segmentation.spanStartSec();
        if (words.isEmpty() || words.get(0).startSec() >= spanStart) {
            return words;
        }
        List<RecognizedWord> within = new ArrayList<>(words.size());
        for (RecognizedWord word : words) {
            double start = Math.max(word.startSec(), spanStart);
            within.add(start == word.startSec() ? word
                    : new RecognizedWord(word.text(), start, Math.max(start, word.endSec()), word.confidence()));
        }
        return within;
    }
}
