package dev.earshot.protocol.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * A transcription as OpenAI's {@code verbose_json} has it (openai-api.md §2); the other formats are written from
 * it by {@link TranscriptionFormats}. Field names are OpenAI's, in snake case when written.
 *
 * @param language the language's English name in lower case ("english"), as Whisper names it
 * @param duration seconds of audio
 * @param segments null when not asked for
 * @param words    null when not asked for
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"task", "language", "duration", "text", "segments", "words", "usage"})
public record VerboseTranscription(String task, String language, double duration, String text,
                                   List<Segment> segments, List<Word> words, Usage usage) {
    public static final String TASK = "transcribe";

    public VerboseTranscription {
        segments = segments == null ? null : List.copyOf(segments);
        words = words == null ? null : List.copyOf(words);
    }

    /**
     * A stretch of speech between pauses. Whisper's decoding fields have no counterpart in this engine and get
     * the values openai-api.md §2 documents: {@code seek} is the start in centiseconds, {@code tokens} empty,
     * {@code temperature} 0 (no sampling), {@code no_speech_prob} 0 (a segment holds recognised words);
     * {@code avg_logprob} and {@code compression_ratio} are measured.
     */
    @JsonPropertyOrder({"id", "seek", "start", "end", "text", "tokens", "temperature", "avg_logprob",
            "compression_ratio", "no_speech_prob"})
    public record Segment(int id, long seek, double start, double end, String text, List<Integer> tokens,
                          double temperature, double avgLogprob, double compressionRatio, double noSpeechProb) {
        public Segment {
            tokens = List.copyOf(tokens);
        }
    }

    @JsonPropertyOrder({"word", "start", "end"})
    public record Word(String word, double start, double end) {
    }

    /** OpenAI bills Whisper by the second: {@code {"type": "duration", "seconds": N}}. */
    @JsonPropertyOrder({"type", "seconds"})
    public record Usage(String type, double seconds) {
        public static Usage of(double seconds) {
            return new Usage("duration", seconds);
        }
    }
}
