package dev.earshot.protocol.openai;

import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.protocol.Quoting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OpenAI's transcription form (openai-api.md §1) into a {@link TranscriptionRequest}. A field that would
 * change the answer and cannot is refused with a 400 naming it; one that only tunes OpenAI's models
 * ({@code prompt}, {@code temperature}, ...) is accepted and listed as ignored, as is any field not known.
 */
public final class TranscriptionRequestParser {
    private static final String GRANULARITIES = "timestamp_granularities[]";
    /** Fields of single values that this server reads. */
    private static final Set<String> READ = Set.of("model", "language", "response_format", "stream");

    private TranscriptionRequestParser() {
    }

    public static TranscriptionRequest parse(MultipartForm form) throws InvalidParameterException {
        MultipartForm.Part file = null;
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> granularities = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (MultipartForm.Part part : form.parts()) {
            String name = part.name();
            if (name.equals("file")) {
                if (file != null) {
                    throw new InvalidParameterException("file", "Only one 'file' may be sent per request");
                }
                file = part;
            } else if (name.equals(GRANULARITIES) || name.equals("timestamp_granularities")) {
                granularities.add(form.text(part).trim());
            } else if (READ.contains(name)) {
                if (fields.put(name, form.text(part).trim()) != null) {
                    throw new InvalidParameterException(name, "'" + name + "' was sent more than once");
                }
            } else if (name.equals("temperature")) {
                checkTemperature(form.text(part).trim());
                addOnce(ignored, name);
            } else {
                addOnce(ignored, name);
            }
        }
        if (file == null) {
            throw new InvalidParameterException("file", "You must provide a 'file' part: the audio to transcribe");
        }
        String model = fields.get("model");
        if (model == null || model.isEmpty()) {
            throw new InvalidParameterException("model", "You must provide a model parameter (any name: this "
                    + "server has one engine, e.g. 'whisper-1')");
        }
        ResponseFormat format = format(fields.getOrDefault("response_format", "json"));
        boolean stream = stream(fields.getOrDefault("stream", "false"), format);
        boolean words = granularities.contains("word");
        boolean segments = granularities.isEmpty() || granularities.contains("segment");
        checkGranularities(granularities, format);
        Optional<String> language = Optional.ofNullable(fields.get("language")).filter(code -> !code.isEmpty());
        return new TranscriptionRequest(file, model, language, format, words, segments, stream, ignored);
    }

    private static ResponseFormat format(String name) throws InvalidParameterException {
        if (name.equals("diarized_json")) {
            throw new InvalidParameterException("response_format", "Invalid value 'diarized_json' for "
                    + "'response_format': this server does not tell speakers apart; expected json, text, srt, "
                    + "verbose_json or vtt");
        }
        return ResponseFormat.fromWire(name).orElseThrow(() -> new InvalidParameterException("response_format",
                "Invalid value '" + Quoting.clip(name) + "' for 'response_format': expected json, text, srt, "
                        + "verbose_json or vtt"));
    }

    private static boolean stream(String value, ResponseFormat format) throws InvalidParameterException {
        String flag = value.toLowerCase(Locale.ROOT);
        if (!flag.equals("true") && !flag.equals("false")) {
            throw new InvalidParameterException("stream", "Invalid value '" + Quoting.clip(value)
                    + "' for 'stream': expected true or false");
        }
        boolean stream = flag.equals("true");
        if (stream && format.isDocument()) {
            // Events carry text; a subtitle file or verbose_json is one document, asked for without stream.
            throw new InvalidParameterException("stream", "stream=true sends text events; response_format '"
                    + format.wireName() + "' is a whole document: ask for it without stream, or stream json or text");
        }
        return stream;
    }

    private static void checkGranularities(List<String> granularities, ResponseFormat format)
            throws InvalidParameterException {
        for (String granularity : granularities) {
            if (!granularity.equals("word") && !granularity.equals("segment")) {
                throw new InvalidParameterException(GRANULARITIES, "Invalid value '" + Quoting.clip(granularity)
                        + "' for '" + GRANULARITIES + "': expected word or segment");
            }
        }
        if (!granularities.isEmpty() && format != ResponseFormat.VERBOSE_JSON) {
            throw new InvalidParameterException(GRANULARITIES, "'" + GRANULARITIES + "' needs response_format "
                    + "verbose_json (it was '" + format.wireName() + "')");
        }
    }

    /** Checked though unused: a client sending nonsense should hear of it as it would from OpenAI. */
    private static void checkTemperature(String value) throws InvalidParameterException {
        double temperature;
        try {
            temperature = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            temperature = Double.NaN;
        }
        if (!(temperature >= 0 && temperature <= 1)) {
            throw new InvalidParameterException("temperature", "Invalid value '" + Quoting.clip(value)
                    + "' for 'temperature': expected a number from 0 to 1");
        }
    }

    private static void addOnce(List<String> names, String name) {
        if (!names.contains(name)) {
            names.add(name);
        }
    }
}
