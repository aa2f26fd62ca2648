package dev.earshot.server.audio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;

import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.Settings.DecodeLimits;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.stream.PcmSink;
import java.util.Optional;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;

/**
 * Raw codec packets without a container, one packet per WebSocket frame: {@code encoding=opus} and
 * {@code encoding=speex}. Deepgram does not document the framing; one packet per message is what a client
 * that has packets in hand sends. Decoded synchronously on the lane, no thread needed.
 */
final class FfmpegPacketDecoder implements AudioDecoder {
    /** Bad packets in a row, before any audio, after which the frames are not this codec. */
    private static final int MAX_ERRORS_BEFORE_AUDIO = 3;

    private final String codecName;
    private final PcmSink sink = new PcmSink();
    /** Decode lane only; null once closed. */
    private AVCodecContext context;
    private AVPacket packet;
    private FrameDecoder frames;

    /** @throws UndecodableAudioException when the codec refuses this rate and channel count */
    FfmpegPacketDecoder(int codecId, String codecName, int sampleRateHz, int channels, DecodeLimits limits)
            throws UndecodableAudioException {
        this.codecName = codecName;
        AVCodec codec = avcodec_find_decoder(codecId);
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg build has no " + codecName + " decoder");
        }
        context = avcodec_alloc_context3(codec);
        context.sample_rate(sampleRateHz);
        av_channel_layout_default(context.ch_layout(), channels);
        if (avcodec_open2(context, codec, (AVDictionary) null) < 0) {
            avcodec_free_context(context);
            context = null;
            throw new UndecodableAudioException("the " + codecName + " decoder cannot decode " + channels
                    + " channel(s) at " + sampleRateHz + " Hz");
        }
        packet = av_packet_alloc();
        frames = new FrameDecoder(context, MAX_ERRORS_BEFORE_AUDIO, limits);
    }

    @Override
    public boolean takesPackets() {
        return true;
    }

    @Override
    public Optional<AudioFormat> format() {
        return Optional.ofNullable(sink.format());
    }

    @Override
    public PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException {
        if (context == null) {
            throw new UndecodableAudioException("the " + codecName + " decoder is closed");
        }
        if (av_new_packet(packet, length) < 0) {
            throw new UndecodableAudioException("no memory for a " + codecName + " packet of " + length + " bytes");
        }
        try {
            packet.data().put(bytes, offset, length);
            frames.send(packet, sink);
        } finally {
            av_packet_unref(packet);
        }
        return sink.drain();
    }

    @Override
    public PcmBlock finish() throws UndecodableAudioException {
        if (context != null) {
            frames.drain(sink);
        }
        return sink.drain();
    }

    @Override
    public void close() {
        if (context != null) {
            av_packet_free(packet);
            avcodec_free_context(context);
            context = null;
        }
    }
}
