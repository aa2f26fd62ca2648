package dev.earshot.server.transcript;

import dev.earshot.protocol.Formatting;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.protocol.ServerMessage.Word;
import java.util.List;

/**
 * Turns one channel's recognised words into Results messages (live-api.md §4): the span in audio time,
 * the formatted transcript, its confidence, and where sentences start and end.
 *
 * <p>Not thread-safe: owned by the channel's decode lane.
 */
public final class TranscriptAssembler {
    private final int channelIndex;
    private final int channelCount;
    private final ResultsMetadata metadata;
    private final Redaction redaction;
    private final TextFormatter formatter;
    private final SearchTerms searchTerms;
    /** Whether the next word begins a sentence: at the start, and after every end of speech. */
    private boolean sentenceStart = true;

    /**
     * @param options     what the stream asked for: formatting, {@code replace} and {@code redact}
     * @param searchTerms the {@code search} terms each Results reports on
     */
    public TranscriptAssembler(int channelIndex, int channelCount, ResultsMetadata metadata, ListenOptions options,
                               SearchTerms searchTerms) {
        this.channelIndex = channelIndex;
        this.channelCount = channelCount;
        this.metadata = metadata;
        this.redaction = Redaction.of(options.values("redact"));
        this.formatter = new TextFormatter(options.formatting(), Replacements.parse(options.values("replace")),
                redaction);
        this.searchTerms = searchTerms;
    }

    /** The text options of the Results made from now on (a mid-stream {@code Configure}). */
    public void formatWith(Formatting formatting) {
        formatter.formatWith(formatting);
    }

    /**
     * This channel's words follow audio transcribed elsewhere (a file's piece after the first), so a number
     * that opens them may be the end of one redaction did not see.
     */
    public void continuesUnseenAudio() {
        redaction.continuesUnseenAudio();
    }

    /** The growing, still-changing text of the span {@code [startSec, endSec)}. */
    public ResultsMessage interim(List<RecognizedWord> words, double startSec, double endSec) {
        return results(formatter.format(words, sentenceStart, false, false), startSec, endSec, false, false, false);
    }

    /** The final text of the span {@code [startSec, endSec)}. */
    public ResultsMessage finalResult(List<RecognizedWord> words, double startSec, double endSec,
                                      boolean speechFinal, boolean fromFinalize) {
        List<Word> formatted = formatter.format(words, sentenceStart, speechFinal, true);
        sentenceStart = speechFinal || formatter.nextStartsSentence();
        return results(formatted, startSec, endSec, true, speechFinal, fromFinalize);
    }

    private ResultsMessage results(List<Word> words, double startSec, double endSec, boolean isFinal,
                                   boolean speechFinal, boolean fromFinalize) {
        Alternative alternative = words.isEmpty() ? Alternative.EMPTY
                : new Alternative(TextFormatter.transcript(words), meanConfidence(words), words);
        return new ResultsMessage(channelIndex, channelCount, startSec, Math.max(0, endSec - startSec), isFinal,
                speechFinal, alternative, metadata, fromFinalize, searchTerms.find(words));
    }

    private static double meanConfidence(List<Word> words) {
        double sum = 0;
        for (Word word : words) {
            sum += word.confidence();
        }
        return sum / words.size();
    }
}
