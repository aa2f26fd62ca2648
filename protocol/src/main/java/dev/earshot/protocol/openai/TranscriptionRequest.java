package dev.earshot.protocol.openai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OpenAI's {@code POST /v1/audio/transcriptions} as Earshot reads it (openai-api.md): the file's place in the
 * form and the fields that change the answer. {@code model} is required but names nothing here: there is one
 * engine. Fields accepted and not used are listed in {@code ignored}, to be told to the client.
 *
 * @param file     the form's {@code file} part
 * @param language an ISO-639-1 code, when given
 * @param words    whether verbose_json carries {@code words} ({@code timestamp_granularities[]=word})
 * @param segments whether verbose_json carries {@code segments} (asked for, or no granularity asked)
 * @param stream   answered as server-sent text events
 * @param ignored  names of the fields accepted and not used, in the order sent
 */
public record TranscriptionRequest(MultipartForm.Part file, String model, Optional<String> language,
                                   ResponseFormat format, boolean words, boolean segments, boolean stream,
                                   List<String> ignored) {
    public TranscriptionRequest {
        ignored = List.copyOf(ignored);
    }

    /**
     * The {@code POST /v1/listen} parameters this request means, for the one options parser: its language, and
     * punctuation (OpenAI's text is punctuated) and paragraphs (their sentences are the segments) always.
     */
    public Map<String, List<String>> listenParameters() {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        parameters.put("punctuate", List.of("true"));
        parameters.put("paragraphs", List.of("true"));
        language.ifPresent(code -> parameters.put("language", List.of(code)));
        return parameters;
    }
}
