package dev.earshot.server.session.features;

import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ServerMessage.Warning;
import dev.earshot.server.engine.ModelDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which requested features this server performs ({@link Reconfiguration}: which a Configure may change).
 * Deepgram accepts features a model cannot do and says so in Metadata {@code warnings} (live-api.md §2); a
 * request is never refused for them.
 */
public final class FeatureSupport {
    /** Features accepted but not performed, with what the client gets instead. */
    private static final Map<String, String> UNSUPPORTED = Map.ofEntries(
            Map.entry("diarize", "speaker labels are not produced"),
            Map.entry("diarize_model", "speaker labels are not produced"),
            Map.entry("detect_entities", "entities are not detected"),
            Map.entry("keywords", "keywords do not bias recognition"),
            Map.entry("keyterm", "key terms do not bias recognition"),
            Map.entry("callback", "results are only sent on this connection"),
            Map.entry("callback_method", "results are only sent on this connection"),
            Map.entry("alternatives", "one alternative is returned"),
            Map.entry("detect_language", "the language is not detected; the model's language is reported"),
            Map.entry("language_hint", "the model's one language is used"),
            Map.entry("measurements", "measurements are not converted to abbreviations"),
            Map.entry("summarize", "no summary is produced"),
            Map.entry("topics", "topics are not detected"),
            Map.entry("detect_topics", "topics are not detected"),
            Map.entry("custom_topic", "topics are not detected"),
            Map.entry("custom_topic_mode", "topics are not detected"),
            Map.entry("intents", "intents are not recognised"),
            Map.entry("custom_intent", "intents are not recognised"),
            Map.entry("custom_intent_mode", "intents are not recognised"),
            Map.entry("sentiment", "sentiment is not analysed"),
            Map.entry("ner", "entities are not detected"),
            Map.entry("diarize_version", "speaker labels are not produced"));

    private FeatureSupport() {
    }

    /** The warnings for what {@code options} asks and this server does not do. */
    public static List<Warning> warnings(ListenOptions options, ModelDescription model) {
        List<Warning> warnings = new ArrayList<>();
        for (String parameter : options.parameters().keySet()) {
            String consequence = UNSUPPORTED.get(parameter);
            if (consequence != null && asked(parameter, options.values(parameter))) {
                warnings.add(new Warning(parameter, Warning.UNSUPPORTED_FEATURE,
                        "'" + parameter + "' is not supported by this server and was ignored: " + consequence));
            }
        }
        if (options.formatting().dictation() && !options.formatting().punctuated()) {
            warnings.add(new Warning("dictation", Warning.UNSUPPORTED_FEATURE, "'dictation' works only with"
                    + " punctuate=true or smart_format=true, as on Deepgram, and was ignored"));
        }
        Optional<String> requested = options.model();
        if (requested.isPresent() && !requested.get().equals(model.name())) {
            warnings.add(new Warning("model", "UNSUPPORTED_MODEL", "model '" + requested.get()
                    + "' is served by this server's model " + model.name()));
        }
        return warnings;
    }

    /** A flag set to false, or one alternative, asks for nothing. */
    private static boolean asked(String parameter, List<String> values) {
        if (parameter.equals("alternatives")) {
            return values.stream().anyMatch(v -> !v.equals("1"));
        }
        return values.stream().anyMatch(v -> !v.equalsIgnoreCase("false"));
    }
}
