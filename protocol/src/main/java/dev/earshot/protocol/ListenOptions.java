package dev.earshot.protocol;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The validated query of a {@code /v1/listen} request (live-api.md §2). Build it with
 * {@link ListenOptionsParser}; every parameter as sent also stays in {@link #parameters()}, so the
 * server can name accepted-but-unsupported features in Metadata {@code warnings}.
 *
 * @param encoding       raw audio encoding; empty means containerized audio, sniffed from its first bytes
 * @param sampleRateHz   present exactly when {@code encoding} is
 * @param channels       channels of raw audio (containers declare their own)
 * @param utteranceEndMs present when UtteranceEnd messages were asked for
 * @param model          the requested model name, if any; any name is served by the configured model
 * @param language       BCP-47 tag, {@code en} by default
 * @param extra          {@code extra} key/value pairs, echoed in {@code metadata.extra}
 * @param parameters     every parameter name with its values, in the order sent
 */
public record ListenOptions(Optional<Encoding> encoding, OptionalInt sampleRateHz, int channels,
                            boolean multichannel, boolean interimResults, Endpointing endpointing,
                            OptionalInt utteranceEndMs, boolean vadEvents, Formatting formatting,
                            Optional<String> model, String language, Map<String, String> extra,
                            Map<String, List<String>> parameters) {

    public ListenOptions {
        if (encoding.isPresent() != sampleRateHz.isPresent()) {
            throw new IllegalArgumentException("sample_rate goes with encoding, and only with it");
        }
        if (channels < 1) {
            throw new IllegalArgumentException("channels must be >= 1: " + channels);
        }
        extra = Ordered.copy(extra);
        parameters = Ordered.copy(parameters);
    }

    /** All defaults: containerized audio, finals only, endpointing 10 ms. */
    public static ListenOptions defaults() {
        return new ListenOptions(Optional.empty(), OptionalInt.empty(), 1, false, false, Endpointing.DEFAULT,
                OptionalInt.empty(), false, Formatting.NONE, Optional.empty(), "en", Map.of(), Map.of());
    }

    /** The same options without the streaming-only events (interim results, SpeechStarted, UtteranceEnd). */
    public ListenOptions withoutStreamingEvents() {
        return new ListenOptions(encoding, sampleRateHz, channels, multichannel, false, endpointing, OptionalInt.empty(),
                false, formatting, model, language, extra, parameters);
    }

    /** The query string that gives these options ({@code a=1&b=2}, percent-encoded), in the order given. */
    public String toQueryString() {
        StringBuilder query = new StringBuilder();
        parameters.forEach((name, values) -> {
            for (String value : values) {
                if (query.length() > 0) {
                    query.append('&');
                }
                query.append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8)).append('=')
                        .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return query.toString();
    }

    /** The values sent for one parameter, empty when it was not sent. */
    public List<String> values(String parameter) {
        return parameters.getOrDefault(parameter, List.of());
    }

    public boolean has(String parameter) {
        return parameters.containsKey(parameter);
    }
}
