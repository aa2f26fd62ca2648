package dev.earshot.protocol.flux;

import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.protocol.ListenOptionsParser;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;

/**
 * The query of {@code GET /v2/listen} (Flux): the model, the turn thresholds, and the audio and formatting
 * parameters it shares with {@code /v1/listen}, which {@link #listenParameters()} hands to that parser so
 * both routes check them alike.
 *
 * @param listenParameters the shared parameters, plus what a Flux stream needs of the v1 pipeline
 */
public record FluxOptions(String model, TurnThresholds thresholds, List<String> keyterms,
                          Map<String, List<String>> listenParameters) {
    /** The one Flux model this server serves: English, as its engine. */
    public static final String MODEL = "flux-general-en";
    /** Parameters Flux shares with v1, checked by v1's parser. */
    private static final Set<String> SHARED = Set.of("encoding", "sample_rate", "keyterm", "profanity_filter",
            "numerals", "redact", "mip_opt_out", "tag", "language_hint");

    public FluxOptions {
        keyterms = List.copyOf(keyterms);
        listenParameters = Map.copyOf(listenParameters);
    }

    public static FluxOptions parse(String rawQuery) throws InvalidParameterException {
        Map<String, List<String>> params = ListenOptionsParser.decode(rawQuery);
        Map<String, List<String>> shared = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> param : params.entrySet()) {
            String name = param.getKey();
            if (SHARED.contains(name)) {
                shared.put(name, param.getValue());
            } else if (!Set.of("model", "eot_threshold", "eager_eot_threshold", "eot_timeout_ms").contains(name)) {
                throw new InvalidParameterException(name, "Unknown query parameter '" + name + "' for /v2/listen: "
                        + "this server accepts model, encoding, sample_rate, eot_threshold, eager_eot_threshold, "
                        + "eot_timeout_ms, keyterm, language_hint, profanity_filter, numerals, redact, mip_opt_out, tag");
            }
        }
        String model = single(params, "model");
        if (model == null) {
            throw new InvalidParameterException("model", "Missing query parameter 'model': /v2/listen needs "
                    + "model=" + MODEL);
        }
        if (!model.equals(MODEL)) {
            throw new InvalidParameterException("model", "Invalid value '" + model + "' for parameter 'model': "
                    + "this server's Flux model is " + MODEL + " (its engine speaks English only)");
        }
        TurnThresholds thresholds;
        try {
            thresholds = TurnThresholds.DEFAULTS.with(number(params, "eot_threshold"),
                    number(params, "eager_eot_threshold"), integer(params, "eot_timeout_ms"));
        } catch (TurnThresholds.Invalid invalid) {
            throw new InvalidParameterException(invalid.parameter(), invalid.getMessage());
        }
        // The v1 pipeline under a turn: interims are its clock, its shortest endpoint its pauses, and speech
        // onsets what resumes a turn (docs/live-api.md, Flux).
        shared.put("interim_results", List.of("true"));
        shared.put("endpointing", List.of("10"));
        shared.put("vad_events", List.of("true"));
        return new FluxOptions(model, thresholds, params.getOrDefault("keyterm", List.of()), shared);
    }

    private static String single(Map<String, List<String>> params, String name) throws InvalidParameterException {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new InvalidParameterException(name, "Parameter '" + name + "' is given " + values.size()
                    + " times; give it once");
        }
        return values.get(0);
    }

    private static OptionalDouble number(Map<String, List<String>> params, String name)
            throws InvalidParameterException {
        String value = single(params, name);
        if (value == null) {
            return OptionalDouble.empty();
        }
        try {
            double parsed = Double.parseDouble(value);
            if (!Double.isFinite(parsed)) {
                throw new NumberFormatException();
            }
            return OptionalDouble.of(parsed);
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "Invalid value '" + value + "' for parameter '" + name
                    + "': expected a number");
        }
    }

    private static OptionalInt integer(Map<String, List<String>> params, String name)
            throws InvalidParameterException {
        String value = single(params, name);
        if (value == null) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            throw new InvalidParameterException(name, "Invalid value '" + value + "' for parameter '" + name
                    + "': expected a whole number of milliseconds");
        }
    }
}
