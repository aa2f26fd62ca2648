package dev.earshot.server;

import dev.earshot.server.Settings.DecodeLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Changes some settings of a copy of {@link Settings}; {@link #build()} checks them all again. */
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
    private int warmUp;
    private DecodeLimits decodeLimits;
    private Duration uploadTimeout;
    private long uploadMinBytesPerSecond;
    private Duration uploadMaxTime;
    private Duration headerTimeout;
    private long maxQueuedBytes;

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
    }

    public SettingsBuilder host(String value) {
        host = value;
        return this;
    }

    public SettingsBuilder port(int value) {
        port = value;
        return this;
    }

    public SettingsBuilder apiKeys(List<String> value) {
        apiKeys = value;
        return this;
    }

    public SettingsBuilder modelDir(Path value) {
        modelDir = value;
        return this;
    }

    public SettingsBuilder modelLanguage(String value) {
        modelLanguage = value;
        return this;
    }

    public SettingsBuilder maxStreams(int value) {
        maxStreams = value;
        return this;
    }

    public SettingsBuilder firstAudioTimeout(Duration value) {
        firstAudioTimeout = value;
        return this;
    }

    public SettingsBuilder idleTimeout(Duration value) {
        idleTimeout = value;
        return this;
    }

    public SettingsBuilder engineTimeout(Duration value) {
        engineTimeout = value;
        return this;
    }

    public SettingsBuilder maxFrameBytes(long value) {
        maxFrameBytes = value;
        return this;
    }

    public SettingsBuilder sessionBuffer(Duration value) {
        sessionBuffer = value;
        return this;
    }

    public SettingsBuilder sessionBufferMaxBytes(long value) {
        sessionBufferMaxBytes = value;
        return this;
    }

    public SettingsBuilder maxTextBytes(int value) {
        maxTextBytes = value;
        return this;
    }

    public SettingsBuilder drainPeriod(Duration value) {
        drainPeriod = value;
        return this;
    }

    public SettingsBuilder decodeThreads(int value) {
        decodeThreads = value;
        return this;
    }

    public SettingsBuilder maxChannels(int value) {
        maxChannels = value;
        return this;
    }

    public SettingsBuilder minPause(Duration value) {
        minPause = value;
        return this;
    }

    public SettingsBuilder segmentLimits(Duration soft, Duration hard) {
        segmentSoftLimit = soft;
        segmentHardLimit = hard;
        return this;
    }

    public SettingsBuilder interim(Duration interval, Duration repeat) {
        interimInterval = interval;
        interimRepeat = repeat;
        return this;
    }

    public SettingsBuilder maxQueuedFrames(int value) {
        maxQueuedFrames = value;
        return this;
    }

    public SettingsBuilder engineBlock(Duration value) {
        engineBlock = value;
        return this;
    }

    public SettingsBuilder maxRequestBytes(long value) {
        maxRequestBytes = value;
        return this;
    }

    public SettingsBuilder maxFileRequests(int value) {
        maxFileRequests = value;
        return this;
    }

    public SettingsBuilder urlFetch(boolean enabled, boolean allowPrivate) {
        urlFetch = enabled;
        urlFetchAllowPrivate = allowPrivate;
        return this;
    }

    public SettingsBuilder urlFetchTimeout(Duration value) {
        urlFetchTimeout = value;
        return this;
    }

    public SettingsBuilder decoderStallTimeout(Duration value) {
        decoderStallTimeout = value;
        return this;
    }

    public SettingsBuilder warmRecognizers(int value) {
        warmRecognizers = value;
        return this;
    }

    public SettingsBuilder preRoll(Duration value) {
        preRoll = value;
        return this;
    }

    public SettingsBuilder warmUp(int value) {
        warmUp = value;
        return this;
    }

    public SettingsBuilder decodeLimits(DecodeLimits value) {
        decodeLimits = value;
        return this;
    }

    /** The rule a request body must arrive by: see {@link Settings#uploadTimeout()}. */
    public SettingsBuilder upload(Duration timeout, long minBytesPerSecond, Duration maxTime) {
        uploadTimeout = timeout;
        uploadMinBytesPerSecond = minBytesPerSecond;
        uploadMaxTime = maxTime;
        return this;
    }

    public SettingsBuilder headerTimeout(Duration value) {
        headerTimeout = value;
        return this;
    }

    public SettingsBuilder maxQueuedBytes(long value) {
        maxQueuedBytes = value;
        return this;
    }

    public Settings build() {
        return new Settings(host, port, apiKeys, modelDir, modelLanguage, maxStreams, firstAudioTimeout,
                idleTimeout, engineTimeout, maxFrameBytes, sessionBuffer, sessionBufferMaxBytes, maxTextBytes,
                drainPeriod, decodeThreads,
                maxChannels, minPause, segmentSoftLimit, segmentHardLimit, interimInterval, interimRepeat,
                maxQueuedFrames, engineBlock, maxRequestBytes, maxFileRequests, urlFetch, urlFetchAllowPrivate,
                urlFetchTimeout, decoderStallTimeout, closeLinger, warmRecognizers, preRoll, warmUp, decodeLimits,
                uploadTimeout, uploadMinBytesPerSecond, uploadMaxTime, headerTimeout, maxQueuedBytes);
    }
}
