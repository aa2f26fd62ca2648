package dev.earshot.server;

import java.util.Locale;

/**
 * Every setting of {@code earshot serve}, declared once: its name (the flag is {@code --name}, the environment
 * variable {@code EARSHOT_NAME}), default, unit, what it does and why its default is what it is. The defaults of
 * {@link Settings}, the options and help of {@link ServeCommand} and the README's table are all made from this
 * list (a test checks the README). The flag wins over the environment.
 */
public enum Setting {
    HOST("host", "127.0.0.1", Unit.TEXT, "Interface to listen on.",
            "Loopback unless the operator opts in.", (b, v) -> b.host(v)),
    PORT("port", "8080", Unit.COUNT, "TCP port.", "0 picks a free one.", (b, v) -> b.port(Unit.count(v))),
    API_KEYS("api-keys", null, Unit.LIST, "Comma-separated API keys.",
            "Default: one key generated on first run and kept in ~/.config/earshot/api-key.", null),
    API_KEYS_FILE("api-keys-file", null, Unit.PATH, "File with one API key per line.", "", null),
    MODEL("model", null, Unit.PATH, "A Vosk model directory.",
            "Default: the embedded English model (com.alphacephei:vosk-model-en:0.3.45).", null),
    MODEL_LANGUAGE("model-language", "en", Unit.TEXT, "Language the model speaks.",
            "Other `language` values are a 400.", (b, v) -> b.modelLanguage(v)),
    MAX_STREAMS("max-streams", "6/core", Unit.COUNT, "Concurrent streams; more get 429.",
            "Vosk costs about 0.1 core per real-time stream, more in its first seconds: 6 per core leaves room for"
                    + " start-up bursts and the server around the engine.", (b, v) -> b.maxStreams(Unit.count(v))),
    FIRST_AUDIO_TIMEOUT("first-audio-timeout", "10s", Unit.DURATION,
            "No audio this long after opening: 1011 NET-0001.", "Deepgram's 10 s.",
            (b, v) -> b.firstAudioTimeout(Unit.duration(v))),
    IDLE_TIMEOUT("idle-timeout", "10s", Unit.DURATION,
            "Neither audio nor text this long after audio started: 1011 NET-0001.", "Deepgram's 10 s.",
            (b, v) -> b.idleTimeout(Unit.duration(v))),
    ENGINE_TIMEOUT("engine-timeout", "10s", Unit.DURATION,
            "The engine made no progress on waiting audio this long: 1011 NET-0000.", "Deepgram's 10 s.",
            (b, v) -> b.engineTimeout(Unit.duration(v))),
    MAX_FRAME_SIZE("max-frame-size", "8MiB", Unit.SIZE, "Largest binary frame: 1009 DATA-0001.",
            "4 minutes of 16 kHz linear16, far more than any sane frame (20-250 ms is recommended).",
            (b, v) -> b.maxFrameBytes(Unit.bytes(v))),
    MAX_TEXT_SIZE("max-text-size", "64KiB", Unit.SIZE, "Largest text frame: 1009 DATA-0001.",
            "Control messages are a few dozen bytes of JSON: room for anything sane, none for parsing bombs.",
            (b, v) -> b.maxTextBytes(Math.toIntExact(Unit.bytes(v)))),
    SESSION_BUFFER("session-buffer", "60s", Unit.DURATION,
            "Undecoded audio a stream may hold before its socket is no longer read (nothing is dropped).",
            "Deepgram tolerates fast senders; 60 s of audio is at most a few MB a stream.",
            (b, v) -> b.sessionBuffer(Unit.duration(v))),
    SESSION_BUFFER_SIZE("session-buffer-size", "4MiB", Unit.SIZE, "The session buffer's cap in bytes.",
            "The byte rate is the client's to declare, memory is ours: 2 minutes of 16 kHz linear16.",
            (b, v) -> b.sessionBufferMaxBytes(Unit.bytes(v))),
    MAX_QUEUED_FRAMES("max-queued-frames", "1000", Unit.COUNT,
            "Outgoing messages a client may leave unread before it is disconnected.",
            "A client 1000 Results behind is not reading (OkHttp tears down likewise).",
            (b, v) -> b.maxQueuedFrames(Unit.count(v))),
    MAX_QUEUED_SIZE("max-queued-size", "1MiB", Unit.SIZE,
            "Outgoing text a client may leave unread before it is disconnected.",
            "A client that stops reading costs at most this; a megabyte is minutes of Results.",
            (b, v) -> b.maxQueuedBytes(Unit.bytes(v))),
    DRAIN_PERIOD("drain-period", "30s", Unit.DURATION,
            "On SIGTERM, how long open streams and files may go on before Metadata and 1001.",
            "Long enough for most calls' last words; a balancer sends new work elsewhere meanwhile.",
            (b, v) -> b.drainPeriod(Unit.duration(v))),
    DECODE_THREADS("decode-threads", "1/core", Unit.COUNT, "Threads that run the engine.",
            "The engine is CPU-bound.", (b, v) -> b.decodeThreads(Unit.count(v))),
    MAX_CHANNELS("max-channels", "8", Unit.COUNT, "Channels a stream may have with multichannel=true.",
            "Each channel is a recogniser, about 0.1 core.", (b, v) -> b.maxChannels(Unit.count(v))),
    MIN_PAUSE("min-pause", "200ms", Unit.DURATION, "Silence that ends a stretch of speech.",
            "Gaps inside and between words are shorter; smaller `endpointing` values behave as this.",
            (b, v) -> b.minPause(Unit.duration(v))),
    SEGMENT_SOFT_LIMIT("segment-soft-limit", "15s", Unit.DURATION,
            "Continuous speech after which a final is cut at the next dip in energy.",
            "A recogniser's native memory grows with its open utterance; each cut in speech costs accuracy.",
            (b, v) -> b.segmentSoftLimit(Unit.duration(v))),
    SEGMENT_HARD_LIMIT("segment-hard-limit", "20s", Unit.DURATION,
            "Continuous speech after which a final is cut wherever the audio is.",
            "Where Kaldi's default endpoint rule 5 cuts an utterance too.",
            (b, v) -> b.segmentHardLimit(Unit.duration(v))),
    INTERIM_INTERVAL("interim-interval", "250ms", Unit.DURATION,
            "At least this much audio between interim Results whose text changed.", "",
            (b, v) -> b.interimInterval(Unit.duration(v))),
    INTERIM_REPEAT("interim-repeat", "1s", Unit.DURATION,
            "An interim Result at least this often (in audio time), even if unchanged.",
            "Deepgram repeats the growing span about once a second.",
            (b, v) -> b.interimRepeat(Unit.duration(v))),
    ENGINE_BLOCK("engine-block", "100ms", Unit.DURATION, "Audio the engine is fed at a time.",
            "The same audio then gives the same transcript whatever the client's framing.",
            (b, v) -> b.engineBlock(Unit.duration(v))),
    MAX_REQUEST_SIZE("max-request-size", "32MiB", Unit.SIZE, "Largest pre-recorded body (or fetched URL): 413.",
            "Held in memory while it is decoded: 17 minutes of 16 kHz WAV, hours of MP3.",
            (b, v) -> b.maxRequestBytes(Unit.bytes(v))),
    MAX_FILE_REQUESTS("max-file-requests", "2", Unit.COUNT, "Pre-recorded files transcribed at once; more get 429.",
            "Each already spreads over the cores the streams leave idle.",
            (b, v) -> b.maxFileRequests(Unit.count(v))),
    UPLOAD_TIMEOUT("upload-timeout", "10s", Unit.DURATION,
            "A body (or fetched URL) must begin within this, plus 1 s per --upload-min-rate received; else 408.",
            "Apache mod_reqtimeout's rule; as long as a live stream may stay silent.",
            (b, v) -> b.uploadTimeout(Unit.duration(v))),
    UPLOAD_MIN_RATE("upload-min-rate", "4KiB", Unit.SIZE, "Bytes per second a body must keep up.",
            "32 kbit/s, slower than any link a person uploads a file on.",
            (b, v) -> b.uploadMinBytesPerSecond(Unit.bytes(v))),
    UPLOAD_MAX_TIME("upload-max-time", "5m", Unit.DURATION, "Longest a body may take in all; else 408.", "",
            (b, v) -> b.uploadMaxTime(Unit.duration(v))),
    HEADER_TIMEOUT("header-timeout", "10s", Unit.DURATION,
            "A request's head must arrive within this of its first byte; else 408.",
            "Jetty's idle timeout counts only silence: a header line a second would hold a connection for ever.",
            (b, v) -> b.headerTimeout(Unit.duration(v))),
    URL_FETCH("url-fetch", "false", Unit.SWITCH, "Let POST /v1/listen fetch {\"url\": ...}.",
            "Off: the server fetches nothing on a client's behalf unless its operator says so.",
            (b, v) -> b.urlFetch(Unit.switchedOn(v))),
    URL_FETCH_ALLOW_PRIVATE("url-fetch-allow-private", "false", Unit.SWITCH,
            "Let fetched URLs point to private, loopback or link-local addresses.",
            "Off: a client cannot reach the server's own network through it.",
            (b, v) -> b.urlFetchAllowPrivate(Unit.switchedOn(v))),
    URL_FETCH_TIMEOUT("url-fetch-timeout", "60s", Unit.DURATION, "How long fetching one URL may take.", "",
            (b, v) -> b.urlFetchTimeout(Unit.duration(v))),
    DECODER_STALL_TIMEOUT("decoder-stall-timeout", "5s", Unit.DURATION,
            "A decoder stuck this long on one chunk: the audio is undecodable (DATA-0000).",
            "Decoders run hundreds of times faster than real time.",
            (b, v) -> b.decoderStallTimeout(Unit.duration(v))),
    CLOSE_LINGER("close-linger", "2s", Unit.DURATION,
            "After closing a connection, how long the server still reads and drops what the client sends.",
            "So that no TCP reset destroys the Close frame on its way to a client still streaming.",
            (b, v) -> b.closeLinger(Unit.duration(v))),
    WARM_RECOGNIZERS("warm-recognizers", "6/core", Unit.COUNT,
            "Recognisers kept warm for new streams, ~96 MB each.",
            "A new one costs about three times more CPU in its first seconds of speech.",
            (b, v) -> b.warmRecognizers(Unit.count(v))),
    WARM_UP("warm-up", null, Unit.COUNT, "Recognisers warmed up at start, in the background.",
            "Default: as many as --warm-recognizers; streams starting together on a fresh server then do not all"
                    + " pay a new recogniser's first seconds.", (b, v) -> b.warmUp(Unit.count(v))),
    PRE_ROLL("pre-roll", "500ms", Unit.DURATION,
            "Silence (below -60 dBFS) between utterances is not decoded, except this much before a sound.",
            "A silent stream then costs almost no CPU; 0 decodes everything.",
            (b, v) -> b.preRoll(Unit.duration(v))),
    DATA_DIR("data-dir", "~/.local/share/earshot", Unit.PATH, "Where the server keeps its request log.",
            "", (b, v) -> b.dataDir(Unit.path(v))),
    DATABASE("database", "sqlite", Unit.TEXT,
            "The request log: `sqlite` (a file in --data-dir), a jdbc:postgresql:// URL, or `none`.",
            "PostgreSQL lets replicas share one log.", (b, v) -> b.database(v)),
    REQUEST_LOG_MAX_AGE("request-log-max-age", "30d", Unit.DURATION, "Requests older than this are forgotten.",
            "", (b, v) -> b.requestLogMaxAge(Unit.duration(v))),
    REQUEST_LOG_MAX_ROWS("request-log-max-rows", "100000", Unit.COUNT,
            "The request log keeps at most this many requests, the newest.", "Tens of MB at most.",
            (b, v) -> b.requestLogMaxRows(Unit.count(v))),
    KEEP_TRANSCRIPTS("keep-transcripts", "false", Unit.SWITCH, "Store each request's transcript in the request log.",
            "Off: what people said is not kept (privacy).", (b, v) -> b.keepTranscripts(Unit.switchedOn(v))),
    CORS_ORIGINS("cors-origins", "*", Unit.LIST, "Origins whose web pages may call the HTTP endpoints (`*`: any).",
            "Every call still needs a key, so any page may try; list origins (https://app.example) to narrow it.",
            (b, v) -> b.corsOrigins(v)),
    LOG_FORMAT("log-format", "text", Unit.TEXT, "Log lines as `text` or `json` (request_id in a field).", "",
            (b, v) -> b.logFormat(v));

    /** How a value is written; parsing a value that is not of its kind names the setting. */
    public enum Unit {
        TEXT("TEXT"), COUNT("N"), DURATION("DURATION"), SIZE("SIZE"), SWITCH("true|false"), PATH("PATH"),
        LIST("K1,K2");

        private final String label;

        Unit(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        /** {@code 12}, or {@code 6/core}: six for each processor this JVM may use. */
        static int count(String text) {
            String trimmed = text.trim().toLowerCase(Locale.ROOT);
            if (trimmed.endsWith("/core")) {
                return Math.multiplyExact(Integer.parseInt(trimmed.substring(0, trimmed.length() - 5).trim()),
                        Settings.CORES);
            }
            return Integer.parseInt(trimmed);
        }

        static java.time.Duration duration(String text) {
            return SettingValues.duration(text);
        }

        static long bytes(String text) {
            return SettingValues.bytes(text);
        }

        static boolean switchedOn(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "true", "yes", "on", "1" -> true;
                case "false", "no", "off", "0" -> false;
                default -> throw new IllegalArgumentException("'" + text + "' is not true or false");
            };
        }

        static java.nio.file.Path path(String text) {
            return SettingValues.path(text);
        }
    }

    /** Sets a value, parsed from text, on a builder. */
    interface Apply {
        void apply(SettingsBuilder builder, String value);
    }

    private final String name;
    private final String defaultValue;
    private final Unit unit;
    private final String summary;
    private final String why;
    private final Apply apply;

    Setting(String name, String defaultValue, Unit unit, String summary, String why, Apply apply) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.unit = unit;
        this.summary = summary;
        this.why = why;
        this.apply = apply;
    }

    public String flag() {
        return "--" + name;
    }

    public String environmentVariable() {
        return "EARSHOT_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /** The value when neither flag nor environment gives one; null when there is none (see {@link #why}). */
    public String defaultValue() {
        return defaultValue;
    }

    public Unit unit() {
        return unit;
    }

    public String summary() {
        return summary;
    }

    public String why() {
        return why;
    }

    /** Whether the server reads it into {@link Settings}; the others (keys, model) the command resolves itself. */
    public boolean inSettings() {
        return apply != null;
    }

    /**
     * Sets {@code value} on the builder.
     *
     * @throws IllegalArgumentException naming the flag when the value is not of this setting's kind
     */
    void applyTo(SettingsBuilder builder, String value) {
        try {
            apply.apply(builder, value);
        } catch (RuntimeException wrong) {
            throw new IllegalArgumentException(flag() + " (" + environmentVariable() + "): '" + value + "' is not a"
                    + " valid " + unit.label() + ": " + wrong.getMessage(), wrong);
        }
    }
}
