package dev.earshot.server.audio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.avformat.AVFormatContext.AVFMT_FLAG_CUSTOM_IO;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import dev.earshot.server.Settings.DecodeLimits;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.stream.PcmSink;
import java.util.Map;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * One container or raw bitstream demuxed and decoded by FFmpeg from a custom input: the format is named
 * (sniffed in Java, never probed by FFmpeg, which on junk waits for {@code probesize} bytes or the end),
 * the best audio stream is decoded, and every frame goes to a {@link PcmSink}. Runs on the caller's thread
 * and frees all its native state before returning, failed or not.
 */
final class FfmpegDemuxer {
    /** Read granularity of the custom input; FFmpeg asks for at most this much per callback. */
    private static final int IO_BUFFER_BYTES = 4096;
    /**
     * What stream-info analysis may read before decoding starts: enough for codec parameters of every
     * format here, small enough that MP3 and AAC produce audio after the first few KB.
     */
    private static final String PROBE_BYTES = "16384";
    private static final String ANALYZE_MICROSECONDS = "200000";
    /** Decode errors in a row, with no audio at all yet, after which the input is not this codec. */
    private static final int MAX_ERRORS_BEFORE_AUDIO = 8;

    private final Ffmpeg ffmpeg;
    private final String formatName;
    private final Map<String, String> formatOptions;
    private final DecodeLimits limits;

    /**
     * @param formatName    FFmpeg's demuxer name ({@code ogg}, {@code matroska}, {@code mp3}, {@code mov}, ...)
     * @param formatOptions demuxer options, e.g. {@code sample_rate} for headerless formats
     */
    FfmpegDemuxer(Ffmpeg ffmpeg, String formatName, Map<String, String> formatOptions, DecodeLimits limits) {
        this.ffmpeg = ffmpeg;
        this.formatName = formatName;
        this.formatOptions = formatOptions;
        this.limits = limits;
    }

    void run(Ffmpeg.Input input, boolean seekable, PcmSink out) throws UndecodableAudioException {
        Pointer opaque = ffmpeg.register(input);
        AVIOContext avio = null;
        AVFormatContext format = null;
        try {
            BytePointer buffer = new BytePointer(av_malloc(IO_BUFFER_BYTES));
            avio = avio_alloc_context(buffer, IO_BUFFER_BYTES, 0, opaque, ffmpeg.readCallback(), null,
                    seekable ? ffmpeg.seekCallback() : null);
            format = open(avio);
            decode(format, out);
        } finally {
            if (format != null) {
                avformat_close_input(format);
            }
            if (avio != null) {
                // avformat_close_input leaves a custom AVIOContext alone; its buffer may have been replaced.
                av_free(avio.buffer());
                avio.buffer(null);
                avio_context_free(avio);
            }
            ffmpeg.unregister(opaque);
        }
    }

    /** @return the opened context; on failure FFmpeg has already freed it */
    private AVFormatContext open(AVIOContext avio) throws UndecodableAudioException {
        AVInputFormat inputFormat = av_find_input_format(formatName);
        if (inputFormat == null) {
            throw new IllegalStateException("this FFmpeg build has no demuxer '" + formatName + "'");
        }
        AVFormatContext format = avformat_alloc_context();
        format.pb(avio);
        format.flags(format.flags() | AVFMT_FLAG_CUSTOM_IO);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "probesize", PROBE_BYTES, 0);
        av_dict_set(options, "analyzeduration", ANALYZE_MICROSECONDS, 0);
        formatOptions.forEach((key, value) -> av_dict_set(options, key, value, 0));
        int opened = avformat_open_input(format, (String) null, inputFormat, options);
        av_dict_free(options);
        if (opened < 0) {
            throw new UndecodableAudioException(FfmpegErrors.describe("the " + formatName + " data could not be read", opened));
        }
        int info = avformat_find_stream_info(format, (PointerPointer<?>) null);
        if (info < 0) {
            avformat_close_input(format);
            throw new UndecodableAudioException(FfmpegErrors.describe("the " + formatName + " data holds no decodable stream", info));
        }
        return format;
    }

    private void decode(AVFormatContext format, PcmSink out) throws UndecodableAudioException {
        int streamIndex = av_find_best_stream(format, AVMEDIA_TYPE_AUDIO, -1, -1, (AVCodec) null, 0);
        if (streamIndex < 0) {
            throw new UndecodableAudioException("the " + formatName + " data holds no audio stream");
        }
        AVStream stream = format.streams(streamIndex);
        // Before a decoder is opened: it sizes its buffers from these.
        limits.checkFormat("the " + formatName + " audio stream", stream.codecpar().sample_rate(),
                stream.codecpar().ch_layout().nb_channels());
        AVCodec codec = avcodec_find_decoder(stream.codecpar().codec_id());
        if (codec == null) {
            throw new UndecodableAudioException("the " + formatName + " data holds audio in a codec this server cannot decode");
        }
        AVCodecContext context = avcodec_alloc_context3(codec);
        AVPacket packet = av_packet_alloc();
        try {
            if (avcodec_parameters_to_context(context, stream.codecpar()) < 0
                    || avcodec_open2(context, codec, (AVDictionary) null) < 0) {
                throw new UndecodableAudioException("the " + formatName + " audio's decoder could not be opened");
            }
            FrameDecoder frames = new FrameDecoder(context, MAX_ERRORS_BEFORE_AUDIO, limits);
            int read;
            while ((read = av_read_frame(format, packet)) >= 0) {
                try {
                    if (packet.stream_index() == streamIndex) {
                        frames.send(packet, out);
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            if (read != AVERROR_EOF && !frames.producedAudio()) {
                throw new UndecodableAudioException(FfmpegErrors.describe("the " + formatName + " data is corrupt", read));
            }
            frames.drain(out);
            if (!frames.producedAudio()) {
                throw new UndecodableAudioException("the " + formatName + " data holds no audio");
            }
        } finally {
            av_packet_free(packet);
            avcodec_free_context(context);
        }
    }
}
