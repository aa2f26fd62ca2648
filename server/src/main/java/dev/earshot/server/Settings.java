package dev.earshot.server;

import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.server.audio.UndecodableAudioException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every timeout and limit of the server (live-api.md §8). What each one does, its default and why are declared
 * once, in {@link Setting}; {@link ServeCommand} fills this from flags and environment; tests build it with
 * {@link #defaults} and {@link #toBuilder()}, shortening timeouts so that 10 s rules take milliseconds.
 *
 * @param decodeLimits what decoders take from a header and what decoding may cost ({@link DecodeLimits})
 * @param database     {@code sqlite}, {@code none} or a JDBC URL: where the request log is kept
 */
public record Settings(String host, int port, List<String> apiKeys, Path modelDir, String modelLanguage,
                       int maxStreams, Duration firstAudioTimeout, Duration idleTimeout, Duration engineTimeout,
                       long maxFrameBytes, Duration sessionBuffer, long sessionBufferMaxBytes, int maxTextBytes,
                       Duration drainPeriod, int decodeThreads,
                       int maxChannels, Duration minPause, Duration segmentSoftLimit, Duration segmentHardLimit,
                       Duration interimInterval, Duration interimRepeat, int maxQueuedFrames,
                       Duration engineBlock, long maxRequestBytes, int maxFileRequests, boolean urlFetch,
                       boolean urlFetchAllowPrivate, Duration urlFetchTimeout, Duration decoderStallTimeout,
                       Duration closeLinger, int warmRecognizers, Duration preRoll, int warmUp,
                       DecodeLimits decodeLimits, Duration uploadTimeout, long uploadMinBytesPerSecond,
                       Duration uploadMaxTime, Duration headerTimeout, long maxQueuedBytes, Path dataDir,
                       String database, Duration requestLogMaxAge, int requestLogMaxRows, boolean keepTranscripts,
                       String logFormat, String corsOrigins) {

    public static final int CORES = Runtime.getRuntime().availableProcessors();

    public Settings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(decodeLimits, "decodeLimits");
        Objects.requireNonNull(dataDir, "dataDir");
        if (!List.of("text", "json").contains(logFormat)) {
            throw new IllegalArgumentException("log-format must be text or json: " + logFormat);
        }
        apiKeys = List.copyOf(apiKeys);
        if (apiKeys.isEmpty() || apiKeys.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("at least one non-blank API key is required");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be 0..65535: " + port);
        }
        positive("max-streams", maxStreams);
        positive("decode-threads", decodeThreads);
        positive("max-channels", maxChannels);
        positive("max-queued-frames", maxQueuedFrames);
        positive("max-request-size", maxRequestBytes);
        positive("max-file-requests", maxFileRequests);
        positive("upload-min-rate", uploadMinBytesPerSecond);
        positive("max-queued-bytes", maxQueuedBytes);
        positive("request-log-max-rows", requestLogMaxRows);
        if (warmRecognizers < 0 || preRoll.isNegative() || warmUp < 0) {
            throw new IllegalArgumentException("warm-recognizers, pre-roll and warm-up must not be negative: "
                    + warmRecognizers + ", " + preRoll + ", " + warmUp);
        }
        if (maxFrameBytes < 1 || sessionBufferMaxBytes < 1 || maxTextBytes < 1) {
            throw new IllegalArgumentException("sizes must be positive: frame " + maxFrameBytes + ", buffer "
                    + sessionBufferMaxBytes + ", text " + maxTextBytes);
        }
        for (Duration duration : List.of(firstAudioTimeout, idleTimeout, engineTimeout, sessionBuffer, minPause,
                segmentSoftLimit, segmentHardLimit, interimInterval, interimRepeat, engineBlock, urlFetchTimeout,
                decoderStallTimeout, closeLinger, uploadTimeout, uploadMaxTime, headerTimeout,
                requestLogMaxAge)) {
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("durations must be positive: " + duration);
            }
        }
        if (drainPeriod.isNegative()) {
            throw new IllegalArgumentException("drain-period must not be negative: " + drainPeriod);
        }
        if (uploadMaxTime.compareTo(uploadTimeout) < 0 || urlFetchTimeout.compareTo(uploadTimeout) < 0) {
            throw new IllegalArgumentException("upload-max-time and the URL fetch timeout must not be below"
                    + " upload-timeout");
        }
        if (segmentHardLimit.compareTo(segmentSoftLimit) < 0) {
            throw new IllegalArgumentException("the hard segment limit must not be below the soft one");
        }
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    /** The defaults {@link Setting} declares, for the given keys and model. */
    public static Settings defaults(List<String> apiKeys, Path modelDir) {
        return new SettingsBuilder(apiKeys, modelDir).build();
    }

    /**
     * What decoders accept from a header before they size anything from it, and what decoding may cost
     * (live-api.md, "Earshot's reading"). A value outside ends the stream with DATA-0000 (a file: 400) naming
     * the field and the limit.
     *
     * @param minSampleRateHz      the lowest rate a header may declare: the query's own floor. Below it, resampling
     *                             to the engine's rate multiplies samples (a header's 1 Hz would make 16,000 of each)
     * @param maxSampleRateHz      the highest rate a header may declare: the query's own ceiling
     * @param maxChannels          channels a header may declare: what the query's {@code channels} accepts
     * @param maxFlacBlockSamples  samples in a FLAC block, all channels together: jflac keeps two ints per sample of
     *                             the largest block for the stream's life, so this is 512 KB a stream. Real encoders
     *                             write 4,096-4,608 frames (8 channels: 36,864 samples); 65,536 also takes the
     *                             format's largest block in mono and a subset encoder's largest (32,768) in stereo
     * @param maxHeaderBytes       a header chunk or box before the audio (a WAV LIST or junk chunk, say); real ones
     *                             are a few KB, and 1 MiB holds album art
     * @param blockSamples         samples (frames times channels) a compressed decoder hands over at a time, the rest
     *                             waiting for the next step: 1 s of 48 kHz stereo, 384 KB of floats. A few bytes of
     *                             FLAC or Opus can make minutes of silence
     * @param maxCpuPerAudioSecond CPU that decoding and resampling a stream may take per second of audio it yields;
     *                             decoders need 0.001-0.01 (docs/performance.md), so a stream over this is buying
     *                             the server's cores with crafted input
     * @param cpuAllowance         CPU decoding may take before the audio it yields counts: opening a codec, probing
     * @param maxBytesWithoutAudio input that yields no audio: more than an MP4 index of an hour or a cover picture
     */
    public record DecodeLimits(int minSampleRateHz, int maxSampleRateHz, int maxChannels, int maxFlacBlockSamples,
                               int maxHeaderBytes, int blockSamples, double maxCpuPerAudioSecond, Duration cpuAllowance,
                               long maxBytesWithoutAudio) {
        public static final DecodeLimits DEFAULTS = new DecodeLimits(ListenOptionsParser.MIN_SAMPLE_RATE_HZ,
                ListenOptionsParser.MAX_SAMPLE_RATE_HZ, ListenOptionsParser.MAX_CHANNELS, 65_536, 1 << 20, 96_000,
                0.25, Duration.ofMillis(500), 2L << 20);

        public DecodeLimits {
            if (minSampleRateHz < 1 || maxSampleRateHz < minSampleRateHz || maxChannels < 1 || maxFlacBlockSamples < 16
                    || maxHeaderBytes < 1 || blockSamples < 1 || maxCpuPerAudioSecond <= 0 || cpuAllowance.isNegative()
                    || maxBytesWithoutAudio < 1) {
                throw new IllegalArgumentException("decode limits must be positive, and the rates in order");
            }
        }

        /** Checks a rate and channel count read from a header of {@code what} ("the FLAC stream info"). */
        public void checkFormat(String what, long sampleRateHz, long channels) throws UndecodableAudioException {
            if (sampleRateHz < minSampleRateHz || sampleRateHz > maxSampleRateHz) {
                throw new UndecodableAudioException(what + " declares a sample rate of " + sampleRateHz + " Hz; this server"
                        + " takes " + minSampleRateHz + " to " + maxSampleRateHz + " Hz");
            }
            if (channels < 1 || channels > maxChannels) {
                throw new UndecodableAudioException(what + " declares " + channels + " channels; this server takes 1 to "
                        + maxChannels);
            }
        }
    }

    /** A builder holding these settings, to change a few of them. */
    public SettingsBuilder toBuilder() {
        return new SettingsBuilder(this);
    }
}
