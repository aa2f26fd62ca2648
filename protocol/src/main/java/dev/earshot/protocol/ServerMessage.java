package dev.earshot.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The text frames the server sends on {@code /v1/listen} (live-api.md §4); it never sends binary frames.
 * {@link ServerMessages} turns them into JSON with Deepgram's field names and key order, and back.
 * Times are seconds of audio from the start of the stream, rounded to the millisecond.
 */
public sealed interface ServerMessage {

    /** One recognised word; {@code punctuatedWord} is null unless punctuate or smart_format was asked for. */
    record Word(String word, double start, double end, double confidence, String punctuatedWord) {
        public Word {
            Objects.requireNonNull(word, "word");
            start = Rounding.seconds(start);
            end = Rounding.seconds(end);
            confidence = Rounding.confidence(confidence);
        }
    }

    record Alternative(String transcript, double confidence, List<Word> words) {
        public static final Alternative EMPTY = new Alternative("", 0.0, List.of());

        public Alternative {
            Objects.requireNonNull(transcript, "transcript");
            confidence = Rounding.confidence(confidence);
            words = List.copyOf(words);
        }
    }

    record ModelInfo(String name, String version, String arch) {
    }

    /** One {@code search} term and where the words of a Results (or of a whole file) hold it. */
    record Search(String query, List<Hit> hits) {
        public Search {
            Objects.requireNonNull(query, "query");
            hits = List.copyOf(hits);
        }
    }

    /** One place a search term was found: its words' span, their mean confidence, and the words. */
    record Hit(double confidence, double start, double end, String snippet) {
        public Hit {
            Objects.requireNonNull(snippet, "snippet");
            confidence = Rounding.confidence(confidence);
            start = Rounding.seconds(start);
            end = Rounding.seconds(end);
        }
    }

    /** The {@code metadata} object of every Results message; {@code extra} is omitted when empty. */
    record ResultsMetadata(String requestId, ModelInfo modelInfo, String modelUuid, Map<String, String> extra) {
        public ResultsMetadata {
            extra = Ordered.copy(extra);
        }
    }

    /**
     * A transcript for the span {@code [start, start + duration)} of one channel. Successive final spans
     * never overlap; {@code speechFinal} implies {@code isFinal}.
     */
    record ResultsMessage(int channelIndex, int channelCount, double start, double duration, boolean isFinal,
                          boolean speechFinal, Alternative alternative, ResultsMetadata metadata,
                          boolean fromFinalize, List<Search> search) implements ServerMessage {
        public ResultsMessage {
            if (speechFinal && !isFinal) {
                throw new IllegalArgumentException("speech_final implies is_final");
            }
            start = Rounding.seconds(start);
            duration = Rounding.seconds(duration);
            search = List.copyOf(search);
        }

        /** Results of a stream that asked for no {@code search} (its {@code channel.search} is left out). */
        public ResultsMessage(int channelIndex, int channelCount, double start, double duration, boolean isFinal,
                              boolean speechFinal, Alternative alternative, ResultsMetadata metadata,
                              boolean fromFinalize) {
            this(channelIndex, channelCount, start, duration, isFinal, speechFinal, alternative, metadata, fromFinalize,
                    List.of());
        }
    }

    /** A feature the client asked for that this server accepted but does not perform. */
    record Warning(String parameter, String type, String message) {
        public static final String UNSUPPORTED_FEATURE = "UNSUPPORTED_FEATURE";
        /** The stream's bytes decoded to no audio at all (Earshot's; Deepgram's warnings name no such type). */
        public static final String NO_AUDIO = "NO_AUDIO";
    }

    /**
     * The session summary, sent exactly once as the last text frame before the server's close.
     *
     * @param sha256   hex SHA-256 of every audio byte received
     * @param duration seconds of audio received
     * @param channels channels decoded; 0 when no audio was decoded
     */
    record MetadataMessage(String requestId, String sha256, Instant created, double duration, int channels,
                           String modelUuid, ModelInfo modelInfo, List<Warning> warnings,
                           Map<String, String> extra) implements ServerMessage {
        public MetadataMessage {
            duration = Rounding.seconds(duration);
            warnings = List.copyOf(warnings);
            extra = Ordered.copy(extra);
        }
    }

    /** Voice activity began after silence ({@code vad_events=true}). */
    record SpeechStartedMessage(int channelIndex, int channelCount, double timestamp) implements ServerMessage {
        public SpeechStartedMessage {
            timestamp = Rounding.seconds(timestamp);
        }
    }

    /** {@code utterance_end_ms} of audio passed after the last word without a new one. */
    record UtteranceEndMessage(int channelIndex, int channelCount, double lastWordEnd) implements ServerMessage {
        public UtteranceEndMessage {
            lastWordEnd = Rounding.seconds(lastWordEnd);
        }
    }

    /**
     * The answer to a Configure that took effect (live-api.md §3): the features it set, with their values now,
     * in the order sent. Deepgram's reply also lists {@code keyterms} when a Configure replaced them; this
     * server never does (see {@link ConfigureFailureMessage#KEYTERMS_NOT_SUPPORTED}).
     */
    record ConfigureSuccessMessage(String requestId, Map<String, Boolean> features) implements ServerMessage {
        public ConfigureSuccessMessage {
            Objects.requireNonNull(requestId, "requestId");
            features = Ordered.copy(features);
        }
    }

    /** The answer to a Configure that changed nothing: the stream keeps its settings (live-api.md §3). */
    record ConfigureFailureMessage(String requestId, String code, String description) implements ServerMessage {
        /** Deepgram's code for keyterms sent to a model that cannot take them; this server's model cannot. */
        public static final String KEYTERMS_NOT_SUPPORTED = "KeytermsNotSupported";
        /** A feature or setting this server cannot change mid-stream, or does not know. */
        public static final String FEATURE_NOT_SUPPORTED = "FeatureNotSupported";
        /** A part of the message is not of the documented shape (Deepgram's Error variant of the same name). */
        public static final String INVALID_CONFIGURE_MESSAGE = "InvalidConfigureMessage";

        public ConfigureFailureMessage {
            Objects.requireNonNull(requestId, "requestId");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(description, "description");
        }
    }

    /** A reply to a text frame the server could not understand; the session stays open. */
    record ErrorMessage(String variant, String description, String message) implements ServerMessage {
        public static final String SCHEMA_ERROR = "SchemaError";
        /** live-api.md §3: the reply quotes at most the first 200 characters of the offending text. */
        public static final int MAX_QUOTED_CHARS = 200;

        public static ErrorMessage schemaError(String description, String offendingText) {
            String quoted = offendingText;
            if (quoted.length() > MAX_QUOTED_CHARS) {
                int end = MAX_QUOTED_CHARS;
                if (Character.isHighSurrogate(quoted.charAt(end - 1))) {
                    end--; // never half a character: a lone surrogate cannot travel in a UTF-8 text frame
                }
                quoted = quoted.substring(0, end);
            }
            return new ErrorMessage(SCHEMA_ERROR, description, quoted);
        }
    }
}
