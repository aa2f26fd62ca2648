package dev.earshot.bench.audio.opus;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_GLOBAL_HEADER;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_rescale_ts;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_from_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_close_dyn_buf;
import static org.bytedeco.ffmpeg.global.avformat.avio_open_dyn_buf;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EAGAIN;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_free;

import dev.earshot.server.audio.ffmpeg.Ffmpeg;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * 16-bit mono PCM to an Ogg/Opus stream, in this process with the FFmpeg the server links (libopus and
 * the ogg muxer), as a browser or VoIP client would stream it: 32 kbit/s, 20 ms packets, pages of about
 * 100 ms so that a live client can send each page as it is made. Written to memory, never to a file.
 */
public final class OggOpusEncoder {
    /** A realistic voice bitrate: WebRTC's Opus runs at about 32 kbit/s for wideband speech. */
    public static final int BITRATE_BPS = 32_000;
    /** Opus's usual frame for live speech (WebRTC's default). */
    public static final int PACKET_MS = 20;
    /** The ogg muxer's page length: a live sender emits a page about every 100 ms. */
    public static final int PAGE_MS = 100;

    private OggOpusEncoder() {
    }

    /** The Ogg/Opus stream of {@code pcm} (16-bit little-endian mono at {@code sampleRateHz}: 8, 12, 16, 24 or 48 kHz). */
    public static byte[] encode(byte[] pcm, int sampleRateHz) {
        Ffmpeg.load(); // the native libraries, loaded and silenced as the server does
        AVCodec codec = avcodec_find_encoder_by_name("libopus");
        if (codec == null || codec.isNull()) {
            throw new IllegalStateException("this FFmpeg build has no libopus encoder");
        }
        AVCodecContext encoder = avcodec_alloc_context3(codec);
        AVFormatContext muxer = new AVFormatContext(null);
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        try {
            open(encoder, codec, sampleRateHz);
            check(avformat_alloc_output_context2(muxer, null, "ogg", (String) null), "allocate the ogg muxer");
            AVStream stream = avformat_new_stream(muxer, null);
            check(avcodec_parameters_from_context(stream.codecpar(), encoder), "describe the Opus stream");
            stream.time_base(encoder.time_base());
            AVIOContext output = new AVIOContext(null);
            check(avio_open_dyn_buf(output), "open a memory buffer");
            muxer.pb(output);
            AVDictionary options = new AVDictionary(null);
            av_dict_set(options, "page_duration", Long.toString(PAGE_MS * 1000L), 0);
            int header = avformat_write_header(muxer, options);
            av_dict_free(options);
            check(header, "write the Ogg headers");
            new FrameFeed(encoder, frame).feed(pcm, packets(encoder, muxer, stream, packet));
            check(av_write_trailer(muxer), "finish the Ogg stream");
            return closeBuffer(muxer);
        } finally {
            av_frame_free(frame);
            av_packet_free(packet);
            avcodec_free_context(encoder);
            if (!muxer.isNull()) {
                if (muxer.pb() != null && !muxer.pb().isNull()) {
                    closeBuffer(muxer); // failed half way: free the memory buffer too
                }
                avformat_free_context(muxer);
            }
        }
    }

    private static void open(AVCodecContext encoder, AVCodec codec, int sampleRateHz) {
        encoder.sample_rate(sampleRateHz);
        encoder.sample_fmt(AV_SAMPLE_FMT_S16);
        av_channel_layout_default(encoder.ch_layout(), 1);
        encoder.bit_rate(BITRATE_BPS);
        encoder.time_base(new AVRational().num(1).den(sampleRateHz));
        encoder.flags(encoder.flags() | AV_CODEC_FLAG_GLOBAL_HEADER);
        AVDictionary options = new AVDictionary(null);
        av_dict_set(options, "frame_duration", Integer.toString(PACKET_MS), 0);
        av_dict_set(options, "application", "voip", 0);
        int opened = avcodec_open2(encoder, codec, options);
        av_dict_free(options);
        check(opened, "open the libopus encoder at " + sampleRateHz + " Hz");
    }

    /** Drains the encoder into the muxer; called after each frame sent and once at the end. */
    private static FrameFeed.Drain packets(AVCodecContext encoder, AVFormatContext muxer, AVStream stream,
                                           AVPacket packet) {
        return () -> {
            int received;
            while ((received = avcodec_receive_packet(encoder, packet)) >= 0) {
                av_packet_rescale_ts(packet, encoder.time_base(), stream.time_base());
                packet.stream_index(stream.index());
                check(av_interleaved_write_frame(muxer, packet), "write an Opus packet");
            }
            if (received != AVERROR_EAGAIN() && received != AVERROR_EOF) {
                check(received, "encode Opus");
            }
        };
    }

    private static byte[] closeBuffer(AVFormatContext muxer) {
        PointerPointer<BytePointer> buffer = new PointerPointer<>(1);
        int size = avio_close_dyn_buf(muxer.pb(), buffer);
        muxer.pb(null);
        BytePointer bytes = buffer.get(BytePointer.class, 0);
        byte[] ogg = new byte[size];
        bytes.get(ogg, 0, size);
        av_free(bytes);
        return ogg;
    }

    static void check(int result, String what) {
        if (result < 0) {
            throw new IllegalStateException("FFmpeg could not " + what + " (error " + result + ")");
        }
    }

    /** Cuts the PCM into the encoder's frames, stamped in samples, and sends each, then the end. */
    private record FrameFeed(AVCodecContext encoder, AVFrame frame) {
        interface Drain {
            void run();
        }

        void feed(byte[] pcm, Drain drain) {
            int frameSamples = encoder.frame_size();
            int total = pcm.length / 2;
            for (int first = 0; first < total; first += frameSamples) {
                int count = Math.min(frameSamples, total - first);
                frame.nb_samples(frameSamples);
                frame.format(AV_SAMPLE_FMT_S16);
                av_channel_layout_default(frame.ch_layout(), 1);
                frame.sample_rate(encoder.sample_rate());
                check(av_frame_get_buffer(frame, 0), "allocate an audio frame");
                byte[] block = new byte[frameSamples * 2]; // the last frame padded with silence
                System.arraycopy(pcm, first * 2, block, 0, count * 2);
                frame.data(0).put(block, 0, block.length);
                frame.nb_samples(count);
                frame.pts(first);
                check(avcodec_send_frame(encoder, frame), "encode Opus");
                av_frame_unref(frame);
                drain.run();
            }
            check(avcodec_send_frame(encoder, null), "flush the Opus encoder");
            drain.run();
        }
    }
}
