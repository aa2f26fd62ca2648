package dev.earshot.protocol.openai;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.earshot.protocol.openai.VerboseTranscription.Segment;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link VerboseTranscription} written in each {@code response_format} (openai-api.md §2), and as the
 * server-sent events of {@code stream=true}.
 */
public final class TranscriptionFormats {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    private TranscriptionFormats() {
    }

    /** The answer to {@code request} in its {@code response_format}; verbose_json's parts as it asked. */
    public static String write(VerboseTranscription transcription, TranscriptionRequest request) {
        return switch (request.format()) {
            case JSON -> json(ordered("text", transcription.text(), "usage", transcription.usage()));
            case TEXT -> transcription.text() + "\n";
            case SRT -> srt(segments(transcription));
            case VTT -> vtt(segments(transcription));
            case VERBOSE_JSON -> json(new VerboseTranscription(transcription.task(), transcription.language(),
                    transcription.duration(), transcription.text(), request.segments() ? transcription.segments()
                    : null, request.words() ? transcription.words() : null, transcription.usage()));
        };
    }

    /**
     * {@code stream=true}: one {@code transcript.text.delta} per segment, then {@code transcript.text.done}
     * with the whole text. The deltas put together are the whole text.
     */
    public static String events(VerboseTranscription transcription) {
        StringBuilder out = new StringBuilder();
        List<Segment> segments = segments(transcription);
        for (int i = 0; i < segments.size(); i++) {
            String delta = (i == 0 ? "" : " ") + segments.get(i).text();
            out.append(event(ordered("type", "transcript.text.delta", "delta", delta)));
        }
        out.append(event(ordered("type", "transcript.text.done", "text", transcription.text())));
        return out.toString();
    }

    /** SubRip: numbered cues, {@code 00:00:01,500 --> 00:00:03,200}. */
    static String srt(List<Segment> segments) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < segments.size(); i++) {
            Segment segment = segments.get(i);
            out.append(i + 1).append('\n')
                    .append(timestamp(segment.start(), ',')).append(" --> ").append(timestamp(segment.end(), ','))
                    .append('\n').append(segment.text()).append("\n\n");
        }
        return out.toString();
    }

    /** WebVTT: a header, then cues, {@code 00:00:01.500 --> 00:00:03.200}. */
    static String vtt(List<Segment> segments) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Segment segment : segments) {
            out.append(timestamp(segment.start(), '.')).append(" --> ").append(timestamp(segment.end(), '.'))
                    .append('\n').append(segment.text()).append("\n\n");
        }
        return out.toString();
    }

    /** {@code HH:MM:SS<sep>mmm}, rounded to the millisecond. */
    static String timestamp(double seconds, char separator) {
        long millis = Math.round(Math.max(0, seconds) * 1000);
        return String.format(Locale.ROOT, "%02d:%02d:%02d%c%03d", millis / 3_600_000, millis / 60_000 % 60,
                millis / 1000 % 60, separator, millis % 1000);
    }

    /** Subtitles and events need the segments, asked for or not in verbose_json. */
    private static List<Segment> segments(VerboseTranscription transcription) {
        return transcription.segments() == null ? List.of() : transcription.segments();
    }

    private static String event(Map<String, String> data) {
        return "data: " + json(data) + "\n\n";
    }

    private static <V> Map<String, V> ordered(String k1, V v1, String k2, V v2) {
        Map<String, V> map = new LinkedHashMap<>();
        map.put(k1, v1);
        map.put(k2, v2);
        return map;
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("transcription records always serialise", e);
        }
    }
}
