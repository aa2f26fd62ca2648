package dev.earshot.server.audio.codec;

import dev.earshot.protocol.Encoding;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.server.Settings.DecodeLimits;
import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmDecoder;
import dev.earshot.server.audio.PcmSource;
import dev.earshot.server.audio.SampleFormat;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.container.Container;
import dev.earshot.server.audio.container.Mp4Layout;
import dev.earshot.server.audio.container.WavDecoder;
import dev.earshot.server.audio.ffmpeg.FfmpegDecoders;
import dev.earshot.server.audio.flac.FlacStream;
import dev.earshot.server.audio.stream.PullDecoder;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;

/**
 * Which decoder reads which audio (live-api.md §2). PCM, G.711 and WAV are decoded in Java, with no delay;
 * FLAC by jflac; everything compressed or containerized by FFmpeg, told the format (never left to probe).
 */
public final class AudioDecoders {
    private final FfmpegDecoders ffmpeg;
    private final ExecutorService threads;
    private final Duration stallTimeout;
    private final DecodeLimits limits;

    /**
     * @param threads      where pull decoders run (one thread per stream that needs one), bounded
     * @param stallTimeout how long one chunk may take a decoder before the stream is declared undecodable
     * @param limits       what headers may declare, and how much a decoder hands over at a time
     */
    public AudioDecoders(FfmpegDecoders ffmpeg, ExecutorService threads, Duration stallTimeout, DecodeLimits limits) {
        this.ffmpeg = ffmpeg;
        this.threads = threads;
        this.stallTimeout = stallTimeout;
        this.limits = limits;
    }

    public DecodeLimits limits() {
        return limits;
    }

    /**
     * The decoder for a live stream opened with these options.
     *
     * @throws UndecodableAudioException when the options name audio no decoder here can take (a codec that
     *         refuses the channel count, say): the client's parameters are wrong, not its audio
     */
    public AudioDecoder forStream(ListenOptions options) throws UndecodableAudioException {
        if (options.encoding().isEmpty()) {
            return new ContainerDecoder(this::forContainer);
        }
        int rate = options.sampleRateHz().getAsInt();
        int channels = options.channels();
        Encoding encoding = options.encoding().get();
        return switch (encoding) {
            case LINEAR16 -> pcm(SampleFormat.S16LE, rate, channels);
            case LINEAR32 -> pcm(SampleFormat.F32LE, rate, channels); // 32-bit float, as FFmpeg's f32le
            case MULAW -> pcm(SampleFormat.MULAW, rate, channels);
            case ALAW -> pcm(SampleFormat.ALAW, rate, channels);
            case FLAC -> flac();
            case OPUS -> ffmpeg.opusPackets(rate, channels);
            case SPEEX -> ffmpeg.speexPackets(rate, channels);
            case OGG_OPUS -> ffmpeg.streaming("ogg", Map.of());
            case AMR_NB -> new AmrDecoder(ffmpeg, "amrnb");
            case AMR_WB -> new AmrDecoder(ffmpeg, "amrwb");
            case G729 -> ffmpeg.streaming("g729", Map.of());
        };
    }

    /** Slices a whole file is pushed through a stream decoder in: small enough to keep latency-free decoders fed. */
    private static final int FILE_SLICE_BYTES = 64 * 1024;

    /**
     * The audio of a whole file (pre-recorded requests). Decoded like a stream, except MP4, which is read
     * with seeking so that a file whose index (moov) follows its media works too.
     */
    public PcmSource forFile(byte[] file, ListenOptions options) throws UndecodableAudioException {
        boolean mp4 = options.encoding().isEmpty()
                && Container.MP4.test(file, Math.min(file.length, Container.SNIFF_BYTES)) == Container.Verdict.MATCH;
        if (mp4) {
            return ffmpeg.file(file, ffmpegFormat(Container.MP4));
        }
        return PcmSource.pushing(forStream(options), file, FILE_SLICE_BYTES);
    }

    /** The decoder for a recognised container. */
    AudioDecoder forContainer(Container container) throws UndecodableAudioException {
        return switch (container) {
            case WAV -> new WavDecoder(limits);
            case FLAC -> flac();
            case MP4 -> new Mp4Layout(ffmpeg.streaming("mov", Map.of()));
            default -> ffmpeg.streaming(ffmpegFormat(container), Map.of());
        };
    }

    /** FFmpeg's demuxer for a container (the one FFmpeg would probe its way to, named up front). */
    static String ffmpegFormat(Container container) {
        return switch (container) {
            case WAV -> "wav";
            case OGG -> "ogg";
            case WEBM -> "matroska";
            case FLAC -> "flac";
            case MP3 -> "mp3";
            case AAC -> "aac";
            case MP4 -> "mov";
            case AMR -> "amr";
            case AIFF -> "aiff";
            case CAF -> "caf";
        };
    }

    private static AudioDecoder pcm(SampleFormat format, int rate, int channels) {
        return new PcmDecoder(new AudioFormat(format, rate, channels));
    }

    private AudioDecoder flac() {
        return new PullDecoder(threads, new FlacStream(limits), stallTimeout, limits.blockSamples());
    }
}
