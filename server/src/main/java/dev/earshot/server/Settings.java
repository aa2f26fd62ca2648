package dev.earshot.server;

import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.server.audio.UndecodableAudioException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Every timeout and limit of the server, each with the reason for its default (live-api.md §8).
 * {@link dev.earshot.server.ServeCommand} fills it from flags and environment; tests build it with
 * {@link #defaults} and {@link #toBuilder()}, shortening timeouts so that 10 s rules take milliseconds.
 *
 * @param host                 interface to listen on; loopback unless the operator opts in
 * @param port                 TCP port; 0 picks a free one (tests)
 * @param apiKeys              accepted API keys; never empty
 * @param modelDir             the Vosk model directory
 * @param modelLanguage        the language the model speaks; other {@code language} values are a 400
 * @param maxStreams           concurrent streams before new upgrades get 429. Default 6 per core: Vosk costs
 *                             about 0.1 core per real-time stream, more in its first seconds, so 6 per core
 *                             leaves room for start-up bursts and for the server around the engine
 * @param firstAudioTimeout    no audio this long after opening: NET-0001. Deepgram's 10 s
 * @param idleTimeout          neither audio nor text this long after audio started: NET-0001. Deepgram's 10 s
 * @param engineTimeout        the engine made no progress on waiting audio this long: NET-0000. Deepgram's 10 s
 * @param maxFrameBytes        one binary frame larger than this: 1009 DATA-0001. 8 MiB is 4 minutes of
 *                             16 kHz linear16, far more than any sane frame (20–250 ms is recommended)
 * @param sessionBuffer        undecoded audio a session may hold before the server stops reading its socket
 *                             (TCP backpressure, nothing dropped). Deepgram tolerates fast senders; 60 s of
 *                             audio is at most a few MB per stream
 * @param sessionBufferMaxBytes the session buffer's cap in bytes, whatever the audio's byte rate: the rate is the
 *                             client's to declare (384 kHz, 255 channels of float is valid), memory is ours.
 *                             4 MiB is 2 minutes of 16 kHz linear16, 22 s of 48 kHz stereo
 * @param maxTextBytes         one text frame larger than this: 1009 DATA-0001. Control messages are a few dozen
 *                             bytes of JSON; 64 KiB leaves room for anything sane and none for parsing bombs
 * @param drainPeriod          on shutdown, how long running streams may continue before Metadata and 1001
 * @param decodeThreads        threads that run the engine; one per core, as the engine is CPU-bound
 * @param maxChannels          channels per stream; with multichannel each one is a recogniser (~0.1 core)
 * @param minPause             silence that ends a stretch of speech for the voice-activity tracker; gaps
 *                             inside and between words are shorter, so endpointing never fires mid-word.
 *                             Smaller {@code endpointing} values behave as this much
 * @param segmentSoftLimit     continuous speech after which a final is cut at the next short dip in energy:
 *                             a recogniser's native memory grows with its unfinished segment (about 55 MB
 *                             at 10 s, 140 MB at 65 s measured). Each cut in speech costs accuracy: 8 s
 *                             cost 0.7 points of WER with endpointing=false on the accuracy set (16.3%
 *                             against 15.6% at 15 s, docs/performance.md); 15 s keeps the engine's WER
 * @param segmentHardLimit     continuous speech after which a final is cut wherever the audio is: 20 s, where
 *                             Kaldi's default endpoint rule 5 cuts an utterance too
 * @param interimInterval      at least this much audio between interim Results whose text changed
 * @param interimRepeat        an interim Result at least this often (in audio time) even if unchanged, as
 *                             Deepgram repeats the growing span "about once a second"
 * @param maxQueuedFrames      outgoing text frames a client may leave unread before it is disconnected;
 *                             a client 1000 Results behind is not reading (OkHttp tears down likewise)
 * @param engineBlock          audio the engine is fed at a time, whatever the client's framing: the same audio then
 *                             gives the same transcript from any client; 100 ms adds at most that much delay
 *                             to a client sending smaller frames, and is what most clients send anyway
 * @param maxRequestBytes      a pre-recorded body (or fetched URL) larger than this: 413. The body is held in
 *                             memory while it is decoded; 32 MiB is 17 minutes of 16 kHz WAV and hours of MP3
 * @param maxFileRequests      pre-recorded files transcribed at once; more get 429. Each already spreads over
 *                             every core the live streams leave idle, so more at once only queues memory
 * @param urlFetch             whether a pre-recorded request may name its audio by URL; off: the server fetches
 *                             nothing on a client's behalf unless its operator says so
 * @param urlFetchAllowPrivate whether fetched URLs may point to private, loopback or link-local addresses
 *                             (an internal deployment); off, they may not reach the server's own network
 * @param urlFetchTimeout      how long fetching one URL may take, redirects included
 * @param decoderStallTimeout  how long a decoder may take over one chunk before the audio is declared
 *                             undecodable (DATA-0000); decoders run hundreds of times faster than real time,
 *                             so 5 s means one is stuck on the input
 * @param closeLinger          after the server closes a connection, how long it still reads (and drops) what the
 *                             client sends, so that no TCP reset destroys the Close frame on its way to a client
 *                             that is still streaming; a client stops within a round trip of reading the Close
 * @param warmRecognizers      recognisers kept between segments for the next ones. A new one costs about three
 *                             times more CPU in its first seconds of speech than a warm one, and a warm one holds
 *                             about 96 MB after the start-up warm-up. Default 6 per core, about what the cores
 *                             decode at once (a 2-core machine held 21-23 streams, most of them between segments
 *                             at any moment); not tied to max-streams, which may admit thousands of mostly idle
 *                             sessions
 * @param preRoll              between segments, silence (peaks below -60 dBFS) is not decoded (a silent stream
 *                             then holds no recogniser and costs almost no CPU); the last this-much of it is
 *                             decoded when a sound starts, so that the engine hears the onset rising out of it.
 *                             Zero decodes everything
 * @param warmUp               recognisers warmed up at start on 32 s of bundled speech, as recorded and as a
 *                             phone carries it (EngineWarmUp), so that streams starting together on a fresh
 *                             server do not all pay a new recogniser's first seconds (about 6 CPU-s each, on
 *                             batch lanes behind live streams); by default as many as are kept warm
 * @param decodeLimits         what decoders take from a header and what decoding may cost ({@link DecodeLimits})
 * @param uploadTimeout        a pre-recorded body (or a fetched URL's) must begin within this, and gets a second
 *                             more for every {@code uploadMinBytesPerSecond} received (the rule of Apache's
 *                             mod_reqtimeout); past it, 408. 10 s, as long as a live stream may stay silent
 * @param uploadMinBytesPerSecond the rate that rule asks of a body: 4 KiB/s is 32 kbit/s, slower than any link a
 *                             person uploads a file on, and a trickle below it holds its connection for seconds,
 *                             not hours. A body is read before it takes a file slot, so a slow one holds none
 * @param uploadMaxTime        a body (or a fetch) that takes longer than this in all gets 408 whatever its rate
 * @param headerTimeout        a request's head (request line and headers, an upgrade's included) must arrive within
 *                             this of its first byte; a header line a second would otherwise hold a connection
 *                             for ever, as Jetty's idle timeout counts only silence
 * @param maxQueuedBytes       text a client may leave unread before it is disconnected: a client that stops
 *                             reading costs at most this much memory, a megabyte being minutes of Results
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
                       Duration uploadMaxTime, Duration headerTimeout, long maxQueuedBytes) {

    public static final int CORES = Runtime.getRuntime().availableProcessors();

    public Settings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(decodeLimits, "decodeLimits");
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
                decoderStallTimeout, closeLinger, uploadTimeout, uploadMaxTime, headerTimeout)) {
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

    /** The defaults of live-api.md §8, for the given keys and model. */
    public static Settings defaults(List<String> apiKeys, Path modelDir) {
        return new Settings("127.0.0.1", 8080, apiKeys, modelDir, "en", 6 * CORES, Duration.ofSeconds(10),
                Duration.ofSeconds(10), Duration.ofSeconds(10), 8L << 20, Duration.ofSeconds(60), 4L << 20,
                64 << 10, Duration.ofSeconds(30), CORES, 8, Duration.ofMillis(200), Duration.ofSeconds(15),
                Duration.ofSeconds(20), Duration.ofMillis(250), Duration.ofSeconds(1), 1000, Duration.ofMillis(100),
                32L << 20, 2, false, false, Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(2),
                6 * CORES, Duration.ofMillis(500), 6 * CORES, DecodeLimits.DEFAULTS, Duration.ofSeconds(10), 4096,
                Duration.ofMinutes(5), Duration.ofSeconds(10), 1L << 20);
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
