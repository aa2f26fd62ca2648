package dev.earshot.protocol;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses and validates the query string of {@code /v1/listen} exactly as live-api.md §2 lists it:
 * an unknown name, a bad value or a contradictory combination is an {@link InvalidParameterException}
 * whose message names the parameter and what is allowed. A misspelled option must not silently do nothing.
 */
public final class ListenOptionsParser {
    /** Below 1 kHz there is no speech to hear; the bound also keeps resampling ratios sane. */
    public static final int MIN_SAMPLE_RATE_HZ = 1_000;
    /** The highest rate audio hardware produces (DXD); anything above is a mistake. */
    public static final int MAX_SAMPLE_RATE_HZ = 384_000;
    /** Far above any real recording; a bound so that a typo cannot ask for thousands of channels. */
    public static final int MAX_CHANNELS = 255;
    /** Deepgram's documented minimum for utterance_end_ms (live-api.md §2). */
    public static final int MIN_UTTERANCE_END_MS = 1_000;
    /** Deepgram caps extra at 2048 characters per pair; the same bound keeps echoed metadata small. */
    public static final int MAX_EXTRA_PAIR_CHARS = 2_048;

    private static final Pattern EXTRA_BRACKETS = Pattern.compile("extra\\[(.+)]");
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*");

    private enum Kind { ENCODING, SAMPLE_RATE, CHANNELS, BOOL, ENDPOINTING, UTTERANCE_END_MS, TEXT, TEXT_LIST,
        REDACT, REPLACE, EXTRA, CALLBACK_METHOD, POSITIVE_INT, LANGUAGE, SECONDS }

    /** Which endpoint the query is for: the pre-recorded one takes a few more parameters (live-api.md §7). */
    public enum Mode { LIVE, PRERECORDED }

    private static final Map<String, Kind> PARAMETERS = parameters();
    /** live-api.md §7: pre-recorded requests also take these; its streaming-only parameters are accepted and unused. */
    private static final Map<String, Kind> PRERECORDED_ONLY = Map.of("utterances", Kind.BOOL, "paragraphs", Kind.BOOL,
            "utt_split", Kind.SECONDS);

    private static Map<String, Kind> parameters() {
        Map<String, Kind> table = new LinkedHashMap<>();
        table.put("encoding", Kind.ENCODING);
        table.put("sample_rate", Kind.SAMPLE_RATE);
        table.put("channels", Kind.CHANNELS);
        table.put("multichannel", Kind.BOOL);
        table.put("interim_results", Kind.BOOL);
        table.put("endpointing", Kind.ENDPOINTING);
        table.put("utterance_end_ms", Kind.UTTERANCE_END_MS);
        table.put("vad_events", Kind.BOOL);
        for (String flag : Formatting.FEATURES) {
            table.put(flag, Kind.BOOL);
        }
        for (String flag : List.of("diarize", "detect_entities", "mip_opt_out", "no_delay", "measurements", "topics",
                "intents", "sentiment", "detect_topics", "ner")) {
            table.put(flag, Kind.BOOL);
        }
        table.put("redact", Kind.REDACT);
        table.put("replace", Kind.REPLACE);
        // detect_language is true/false or a list of candidate languages; language_hint goes with language=multi.
        for (String list : List.of("search", "keywords", "keyterm", "tag", "detect_language", "language_hint",
                "custom_topic", "custom_intent")) {
            table.put(list, Kind.TEXT_LIST);
        }
        for (String text : List.of("model", "version", "diarize_model", "callback", "tier", "summarize",
                "custom_topic_mode", "custom_intent_mode", "diarize_version")) {
            table.put(text, Kind.TEXT);
        }
        table.put("language", Kind.LANGUAGE);
        table.put("extra", Kind.EXTRA);
        table.put("callback_method", Kind.CALLBACK_METHOD);
        table.put("alternatives", Kind.POSITIVE_INT);
        return Map.copyOf(table);
    }

    private static final Set<String> REDACT_VALUES = Set.of("pci", "ssn", "numbers", "aggressive_numbers", "true",
            "false");
    private static final Set<String> CALLBACK_METHODS = Set.of("POST", "GET", "PUT", "DELETE");

    private ListenOptionsParser() {
    }

    /** Every parameter name this server accepts, for documentation and suggestions. */
    public static Set<String> knownParameters() {
        return PARAMETERS.keySet();
    }

    /** Parses a raw query string ({@code a=1&b=2}, {@code +} and {@code %20} both a space); null or empty means defaults. */
    public static ListenOptions parse(String rawQuery) throws InvalidParameterException {
        return parse(decode(rawQuery), Mode.LIVE);
    }

    /** Parses the query of a request to the given endpoint. */
    public static ListenOptions parse(String rawQuery, Mode mode) throws InvalidParameterException {
        return parse(decode(rawQuery), mode);
    }

    /** Splits and percent-decodes a raw query string, keeping repeated keys in order. */
    public static Map<String, List<String>> decode(String rawQuery) throws InvalidParameterException {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = unescape(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : unescape(pair.substring(eq + 1));
            params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    private static String unescape(String text) throws InvalidParameterException {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException(Quoting.clip(text),
                    "Malformed query string near '" + Quoting.clip(text) + "': bad percent-encoding");
        }
    }

    /** Validates already-decoded parameters of a live request. */
    public static ListenOptions parse(Map<String, List<String>> params) throws InvalidParameterException {
        return parse(params, Mode.LIVE);
    }

    /** Validates already-decoded parameters. */
    public static ListenOptions parse(Map<String, List<String>> params, Mode mode) throws InvalidParameterException {
        Map<String, String> extra = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> entry : params.entrySet()) {
            String name = entry.getKey();
            Matcher bracket = EXTRA_BRACKETS.matcher(name);
            if (bracket.matches()) {
                for (String value : entry.getValue()) {
                    putExtra(extra, name, bracket.group(1), value);
                }
                continue;
            }
            Kind kind = PARAMETERS.get(name);
            if (kind == null && mode == Mode.PRERECORDED) {
                kind = PRERECORDED_ONLY.get(name);
            }
            if (kind == null) {
                throw unknown(name);
            }
            if (!isList(kind)) {
                requireSingle(name, entry.getValue());
            }
            for (String value : entry.getValue()) {
                check(name, kind, value, extra);
            }
        }
        return build(params, extra);
    }

    private static ListenOptions build(Map<String, List<String>> params, Map<String, String> extra)
            throws InvalidParameterException {
        Optional<Encoding> encoding = single(params, "encoding").flatMap(Encoding::fromWireName);
        OptionalInt sampleRate = single(params, "sample_rate").map(v -> OptionalInt.of(Integer.parseInt(v)))
                .orElse(OptionalInt.empty());
        if (encoding.isPresent() && sampleRate.isEmpty()) {
            throw new InvalidParameterException("sample_rate",
                    "Missing parameter 'sample_rate': it is required when 'encoding' is given (raw audio has no header to read it from)");
        }
        if (encoding.isEmpty()) {
            sampleRate = OptionalInt.empty(); // live-api.md §2: read only with encoding; containers declare their own
        }
        boolean interim = flag(params, "interim_results");
        OptionalInt utteranceEnd = single(params, "utterance_end_ms").map(v -> OptionalInt.of(Integer.parseInt(v)))
                .orElse(OptionalInt.empty());
        if (utteranceEnd.isPresent() && !interim) {
            throw new InvalidParameterException("utterance_end_ms",
                    "Parameter 'utterance_end_ms' requires 'interim_results=true'");
        }
        int channels = single(params, "channels").map(Integer::parseInt).orElse(1);
        Formatting formatting = Formatting.of(name -> flag(params, name));
        return new ListenOptions(encoding, sampleRate, channels, flag(params, "multichannel"), interim,
                endpointing(single(params, "endpointing")), utteranceEnd, flag(params, "vad_events"), formatting,
                single(params, "model"), single(params, "language").orElse("en"), extra, params);
    }

    private static Endpointing endpointing(Optional<String> value) {
        if (value.isEmpty() || value.get().equalsIgnoreCase("true")) {
            return Endpointing.DEFAULT;
        }
        if (value.get().equalsIgnoreCase("false")) {
            return Endpointing.DISABLED;
        }
        return Endpointing.afterMs(Integer.parseInt(value.get()));
    }

    private static void check(String name, Kind kind, String value, Map<String, String> extra)
            throws InvalidParameterException {
        switch (kind) {
            case ENCODING -> {
                if (Encoding.fromWireName(value).isEmpty()) {
                    throw InvalidParameterException.badValue(name, value, "one of " + Encoding.allWireNames()
                            + " (omit it for audio in a container such as WAV)");
                }
            }
            case SAMPLE_RATE -> integer(name, value, MIN_SAMPLE_RATE_HZ, MAX_SAMPLE_RATE_HZ,
                    "an integer number of Hz from " + MIN_SAMPLE_RATE_HZ + " to " + MAX_SAMPLE_RATE_HZ);
            case CHANNELS -> integer(name, value, 1, MAX_CHANNELS, "an integer from 1 to " + MAX_CHANNELS);
            case POSITIVE_INT -> integer(name, value, 1, Integer.MAX_VALUE, "a positive integer");
            case UTTERANCE_END_MS -> integer(name, value, MIN_UTTERANCE_END_MS, Integer.MAX_VALUE,
                    "an integer number of milliseconds >= " + MIN_UTTERANCE_END_MS);
            case BOOL -> bool(name, value);
            case ENDPOINTING -> {
                if (!value.equalsIgnoreCase("false") && !value.equalsIgnoreCase("true")) {
                    integer(name, value, 0, Integer.MAX_VALUE,
                            "a number of milliseconds >= 0, or false to disable endpointing");
                }
            }
            case REDACT -> {
                if (!REDACT_VALUES.contains(value)) {
                    throw InvalidParameterException.badValue(name, value,
                            "one of pci, ssn, numbers, aggressive_numbers, true, false");
                }
            }
            case REPLACE -> {
                int colon = value.indexOf(':');
                if (colon <= 0) {
                    throw InvalidParameterException.badValue(name, value, "find:replacement");
                }
            }
            case EXTRA -> {
                int colon = value.indexOf(':');
                if (colon <= 0) {
                    throw InvalidParameterException.badValue(name, value, "key:value");
                }
                putExtra(extra, name, value.substring(0, colon), value.substring(colon + 1));
            }
            case CALLBACK_METHOD -> {
                if (!CALLBACK_METHODS.contains(value.toUpperCase(Locale.ROOT))) {
                    throw InvalidParameterException.badValue(name, value, "one of POST, GET, PUT, DELETE");
                }
            }
            case SECONDS -> {
                try {
                    double seconds = Double.parseDouble(value);
                    if (!(seconds > 0 && seconds <= 3600)) {
                        throw InvalidParameterException.badValue(name, value, "a number of seconds above 0");
                    }
                } catch (NumberFormatException e) {
                    throw InvalidParameterException.badValue(name, value, "a number of seconds above 0");
                }
            }
            case LANGUAGE -> {
                if (!LANGUAGE_TAG.matcher(value).matches()) {
                    throw InvalidParameterException.badValue(name, value, "a BCP-47 language tag such as en or en-US");
                }
            }
            case TEXT, TEXT_LIST -> {
                if (value.isEmpty()) {
                    throw InvalidParameterException.badValue(name, value, "a non-empty value");
                }
            }
        }
    }

    private static void putExtra(Map<String, String> extra, String name, String key, String value)
            throws InvalidParameterException {
        if (key.length() + value.length() > MAX_EXTRA_PAIR_CHARS) {
            throw InvalidParameterException.badValue(name, key, "a key:value pair of at most "
                    + MAX_EXTRA_PAIR_CHARS + " characters");
        }
        extra.put(key, value); // Deepgram: a repeated key, last one wins
    }

    private static void integer(String name, String value, int min, int max, String expected)
            throws InvalidParameterException {
        try {
            int parsed = Integer.parseInt(value);
            if (parsed < min || parsed > max) {
                throw InvalidParameterException.badValue(name, value, expected);
            }
        } catch (NumberFormatException e) {
            throw InvalidParameterException.badValue(name, value, expected);
        }
    }

    private static void bool(String name, String value) throws InvalidParameterException {
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw InvalidParameterException.badValue(name, value, "true or false");
        }
    }

    private static boolean isList(Kind kind) {
        return kind == Kind.TEXT_LIST || kind == Kind.REDACT || kind == Kind.REPLACE || kind == Kind.EXTRA;
    }

    private static void requireSingle(String name, List<String> values) throws InvalidParameterException {
        if (values.stream().distinct().count() > 1) {
            throw new InvalidParameterException(name, "Parameter '" + name + "' was given more than once with different values ("
                    + values.stream().map(Quoting::clip).map(v -> "'" + v + "'").reduce((a, b) -> a + ", " + b).orElse("")
                    + "): give it once");
        }
    }

    private static Optional<String> single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static boolean flag(Map<String, List<String>> params, String name) {
        return single(params, name).map(v -> v.equalsIgnoreCase("true")).orElse(false);
    }

    private static InvalidParameterException unknown(String name) {
        String suggestion = PARAMETERS.keySet().stream()
                .min(Comparator.comparingInt(known -> editDistance(known, name)))
                .filter(known -> editDistance(known, name) <= Math.max(2, name.length() / 3))
                .map(known -> " (did you mean '" + known + "'?)")
                .orElse("");
        return new InvalidParameterException(Quoting.clip(name),
                "Unknown query parameter '" + Quoting.clip(name) + "'" + suggestion
                        + ": this server does not know it (docs/live-api.md §2 lists every parameter it takes)");
    }

    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
