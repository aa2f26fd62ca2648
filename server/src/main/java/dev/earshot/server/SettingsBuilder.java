package dev.earshot.server;

import dev.earshot.server.Settings.DecodeLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Changes some settings of a copy of {@link Settings}; {@link #build()} checks them all again. A new builder
 * starts from the defaults {@link Setting} declares.
 */
public final class SettingsBuilder {
    private String host;
    private int port;
    private List<String> apiKeys;
    private Path modelDir;
    private String modelLanguage;
    private int maxStreams;
    private Duration firstAudioTimeout;
    private Duration idleTimeout;
    private Duration engineTimeout;
    private long maxFrameBytes;
    private Duration sessionBuffer;
    private long sessionBufferMaxBytes;
    private int maxTextBytes;
    private Duration drainPeriod;
    private int decodeThreads;
    private int maxChannels;
    private Duration minPause;
    private Duration segmentSoftLimit;
    private Duration segmentHardLimit;
    private Duration interimInterval;
    private Duration interimRepeat;
    private int maxQueuedFrames;
    private Duration engineBlock;
    private long maxRequestBytes;
    private int maxFileRequests;
    private boolean urlFetch;
    private boolean urlFetchAllowPrivate;
    private Duration urlFetchTimeout;
    private Duration decoderStallTimeout;
    private Duration closeLinger;
    private int warmRecognizers;
    private Duration preRoll;
    /** Null: as many as {@link #warmRecognizers}. */
    private Integer warmUp;
    private DecodeLimits decodeLimits;
    private Duration uploadTimeout;
    private long uploadMinBytesPerSecond;
    private Duration uploadMaxTime;
    private Duration headerTimeout;
    private long maxQueuedBytes;
    private Path dataDir;
    private String database;
    private Duration requestLogMaxAge;
    private int requestLogMaxRows;
    private boolean keepTranscripts;
    private String logFormat;
    private String corsOrigins;

    /** The declared defaults, with these keys and model. */
    SettingsBuilder(List<String> apiKeys, Path modelDir) {
        this.apiKeys = apiKeys;
        this.modelDir = modelDir;
        this.decodeLimits = DecodeLimits.DEFAULTS;
        for (Setting setting : Setting.values()) {
            if (setting.inSettings() && setting.defaultValue() != null) {
                setting.applyTo(this, setting.defaultValue());
            }
        }
    }

    SettingsBuilder(Settings s) {
        host = s.host();
        port = s.port();
        apiKeys = s.apiKeys();
        modelDir = s.modelDir();
        modelLanguage = s.modelLanguage();
        maxStreams = s.maxStreams();
        firstAudioTimeout = s.firstAudioTimeout();
        idleTimeout = s.idleTimeout();
        engineTimeout = s.engineTimeout();
        maxFrameBytes = s.maxFrameBytes();
        sessionBuffer = s.sessionBuffer();
        sessionBufferMaxBytes = s.sessionBufferMaxBytes();
        maxTextBytes = s.maxTextBytes();
        drainPeriod = s.drainPeriod();
        decodeThreads = s.decodeThreads();
        maxChannels = s.maxChannels();
        minPause = s.minPause();
        segmentSoftLimit = s.segmentSoftLimit();
        segmentHardLimit = s.segmentHardLimit();
        interimInterval = s.interimInterval();
        interimRepeat = s.interimRepeat();
        maxQueuedFrames = s.maxQueuedFrames();
        engineBlock = s.engineBlock();
        maxRequestBytes = s.maxRequestBytes();
        maxFileRequests = s.maxFileRequests();
        urlFetch = s.urlFetch();
        urlFetchAllowPrivate = s.urlFetchAllowPrivate();
        urlFetchTimeout = s.urlFetchTimeout();
        decoderStallTimeout = s.decoderStallTimeout();
        closeLinger = s.closeLinger();
        warmRecognizers = s.warmRecognizers();
        preRoll = s.preRoll();
        warmUp = s.warmUp();
        decodeLimits = s.decodeLimits();
        uploadTimeout = s.uploadTimeout();
        uploadMinBytesPerSecond = s.uploadMinBytesPerSecond();
        uploadMaxTime = s.uploadMaxTime();
        headerTimeout = s.headerTimeout();
        maxQueuedBytes = s.maxQueuedBytes();
        dataDir = s.dataDir();
        database = s.database();
        requestLogMaxAge = s.requestLogMaxAge();
        requestLogMaxRows = s.requestLogMaxRows();
        keepTranscripts = s.keepTranscripts();
        logFormat = s.logFormat();
        corsOrigins = s.corsOrigins();
    }

    public SettingsBuilder host(String value) { host = value; return this; }

    public SettingsBuilder port(int value) { port = value; return this; }

    public SettingsBuilder apiKeys(List<String> value) { apiKeys = value; return this; }

    public SettingsBuilder modelDir(Path value) { modelDir = value; return this; }

    public SettingsBuilder modelLanguage(String value) { modelLanguage = value; return this; }

    public SettingsBuilder maxStreams(int value) { maxStreams = value; return this; }

    public SettingsBuilder firstAudioTimeout(Duration value) { firstAudioTimeout = value; return this; }

    public SettingsBuilder idleTimeout(Duration value) { idleTimeout = value; return this; }

    public SettingsBuilder engineTimeout(Duration value) { engineTimeout = value; return this; }

    public SettingsBuilder maxFrameBytes(long value) { maxFrameBytes = value; return this; }

    public SettingsBuilder sessionBuffer(Duration value) { sessionBuffer = value; return this; }

    public SettingsBuilder sessionBufferMaxBytes(long value) { sessionBufferMaxBytes = value; return this; }

    public SettingsBuilder maxTextBytes(int value) { maxTextBytes = value; return this; }

    public SettingsBuilder drainPeriod(Duration value) { drainPeriod = value; return this; }

    public SettingsBuilder decodeThreads(int value) { decodeThreads = value; return this; }

    public SettingsBuilder maxChannels(int value) { maxChannels = value; return this; }

    public SettingsBuilder minPause(Duration value) { minPause = value; return this; }

    public SettingsBuilder segmentSoftLimit(Duration value) { segmentSoftLimit = value; return this; }

    public SettingsBuilder segmentHardLimit(Duration value) { segmentHardLimit = value; return this; }

    public SettingsBuilder interimInterval(Duration value) { interimInterval = value; return this; }

    public SettingsBuilder interimRepeat(Duration value) { interimRepeat = value; return this; }

    public SettingsBuilder maxQueuedFrames(int value) { maxQueuedFrames = value; return this; }

    public SettingsBuilder engineBlock(Duration value) { engineBlock = value; return this; }

    public SettingsBuilder maxRequestBytes(long value) { maxRequestBytes = value; return this; }

    public SettingsBuilder maxFileRequests(int value) { maxFileRequests = value; return this; }

    public SettingsBuilder urlFetch(boolean value) { urlFetch = value; return this; }

    public SettingsBuilder urlFetchAllowPrivate(boolean value) { urlFetchAllowPrivate = value; return this; }

    public SettingsBuilder urlFetchTimeout(Duration value) { urlFetchTimeout = value; return this; }

    public SettingsBuilder decoderStallTimeout(Duration value) { decoderStallTimeout = value; return this; }

    public SettingsBuilder closeLinger(Duration value) { closeLinger = value; return this; }

    public SettingsBuilder warmRecognizers(int value) { warmRecognizers = value; return this; }

    public SettingsBuilder preRoll(Duration value) { preRoll = value; return this; }

    public SettingsBuilder warmUp(int value) { warmUp = value; return this; }

    public SettingsBuilder decodeLimits(DecodeLimits value) { decodeLimits = value; return this; }

    public SettingsBuilder uploadTimeout(Duration value) { uploadTimeout = value; return this; }

    public SettingsBuilder uploadMinBytesPerSecond(long value) { uploadMinBytesPerSecond = value; return this; }

    public SettingsBuilder uploadMaxTime(Duration value) { uploadMaxTime = value; return this; }

    public SettingsBuilder headerTimeout(Duration value) { headerTimeout = value; return this; }

    public SettingsBuilder maxQueuedBytes(long value) { maxQueuedBytes = value; return this; }

    public SettingsBuilder dataDir(Path value) { dataDir = value; return this; }

    public SettingsBuilder database(String value) { database = value; return this; }

    public SettingsBuilder requestLogMaxAge(Duration value) { requestLogMaxAge = value; return this; }

    public SettingsBuilder requestLogMaxRows(int value) { requestLogMaxRows = value; return this; }

    public SettingsBuilder keepTranscripts(boolean value) { keepTranscripts = value; return this; }

    public SettingsBuilder logFormat(String value) { logFormat = value; return this; }
    public SettingsBuilder corsOrigins(String value) { corsOrigins = value; return this; }

    public SettingsBuilder segmentLimits(Duration soft, Duration hard) {
        return segmentSoftLimit(soft).segmentHardLimit(hard);
    }

    public SettingsBuilder interim(Duration interval, Duration repeat) {
        return interimInterval(interval).interimRepeat(repeat);
    }

    public SettingsBuilder urlFetch(boolean enabled, boolean allowPrivate) {
        return urlFetch(enabled).urlFetchAllowPrivate(allowPrivate);
    }

    /** The rule a request body must arrive by: see {@link Setting#UPLOAD_TIMEOUT}. */
    public SettingsBuilder upload(Duration timeout, long minBytesPerSecond, Duration maxTime) {
        return uploadTimeout(timeout).uploadMinBytesPerSecond(minBytesPerSecond).uploadMaxTime(maxTime);
    }

    public Settings build() {
        return new Settings(host, port, apiKeys, modelDir, modelLanguage, maxStreams, firstAudioTimeout, idleTimeout,
                engineTimeout, maxFrameBytes, sessionBuffer, sessionBufferMaxBytes, maxTextBytes, drainPeriod,
                decodeThreads, maxChannels, minPause, segmentSoftLimit, segmentHardLimit, interimInterval,
                interimRepeat, maxQueuedFrames, engineBlock, maxRequestBytes, maxFileRequests, urlFetch,
                urlFetchAllowPrivate, urlFetchTimeout, decoderStallTimeout, closeLinger, warmRecognizers, preRoll,
                warmUp == null ? warmRecognizers : warmUp, decodeLimits, uploadTimeout, uploadMinBytesPerSecond,
                uploadMaxTime, headerTimeout, maxQueuedBytes, dataDir, database, requestLogMaxAge, requestLogMaxRows,
                keepTranscripts, logFormat, corsOrigins);
    }
}
