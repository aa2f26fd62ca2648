package dev.earshot.protocol;

import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.Search;
import dev.earshot.protocol.ServerMessage.Word;
import java.util.List;
import java.util.Optional;

/**
 * The answer to {@code POST /v1/listen} (live-api.md §7): {@code metadata} and {@code results} with one
 * entry per channel, plus {@code utterances} when asked. {@link PrerecordedResponses} writes it as JSON.
 *
 * @param utterances present when {@code utterances=true}
 */
public record PrerecordedResponse(MetadataMessage metadata, List<ChannelResult> channels,
                                  Optional<List<Utterance>> utterances) {
    public PrerecordedResponse {
        channels = List.copyOf(channels);
        utterances = utterances.map(List::copyOf);
    }

    /**
     * One channel's transcript; {@code paragraphs} present when {@code paragraphs=true}; {@code search} one
     * entry per {@code search} term, empty (and left out) when none was asked for.
     */
    public record ChannelResult(Alternative alternative, Optional<Paragraphs> paragraphs, List<Search> search) {
        public ChannelResult {
            search = List.copyOf(search);
        }
    }

    /** A stretch of speech between pauses of at least {@code utt_split} seconds. */
    public record Utterance(double start, double end, double confidence, int channel, String transcript,
                            List<Word> words, String id) {
        public Utterance {
            start = Rounding.seconds(start);
            end = Rounding.seconds(end);
            confidence = Rounding.confidence(confidence);
            words = List.copyOf(words);
        }
    }

    /** The transcript laid out in paragraphs of sentences, as {@code alternatives[0].paragraphs}. */
    public record Paragraphs(String transcript, List<Paragraph> paragraphs) {
        public Paragraphs {
            paragraphs = List.copyOf(paragraphs);
        }
    }

    public record Paragraph(List<Sentence> sentences, int numWords, double start, double end) {
        public Paragraph {
            sentences = List.copyOf(sentences);
            start = Rounding.seconds(start);
            end = Rounding.seconds(end);
        }
    }

    public record Sentence(String text, double start, double end) {
        public Sentence {
            start = Rounding.seconds(start);
            end = Rounding.seconds(end);
        }
    }
}
