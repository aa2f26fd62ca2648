package dev.earshot.server.audio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import dev.earshot.server.Settings.DecodeLimits;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.stream.PcmSink;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * The send-packet / receive-frame loop of one open decoder. A bad packet in the middle of good audio is
 * skipped (a glitch, as every player does); a run of bad packets before any audio means the data is not
 * this codec at all.
 */
final class FrameDecoder {
    /** AVERROR(EAGAIN) on Linux: the decoder wants another packet before it can give a frame. */
    private static final int AVERROR_EAGAIN = -11;

    private final AVCodecContext context;
    private final int maxErrorsBeforeAudio;
    private final DecodeLimits limits;
    private int errorsInARow;
    private boolean producedAudio;

    FrameDecoder(AVCodecContext context, int maxErrorsBeforeAudio, DecodeLimits limits) {
        this.context = context;
        this.maxErrorsBeforeAudio = maxErrorsBeforeAudio;
        this.limits = limits;
    }

    /** Decodes one packet (null: flush at the end) and appends what it yields. */
    void send(AVPacket packet, PcmSink out) throws UndecodableAudioException {
        int sent = avcodec_send_packet(context, packet);
        if (sent < 0 && sent != AVERROR_EAGAIN && sent != AVERROR_EOF) {
            failed(sent);
            return;
        }
        receive(out);
    }

    /** The end of the input: whatever the decoder still holds. */
    void drain(PcmSink out) throws UndecodableAudioException {
        send(null, out);
    }

    boolean producedAudio() {
        return producedAudio;
    }

    private void receive(PcmSink out) throws UndecodableAudioException {
        AVFrame frame = av_frame_alloc();
        try {
            int received;
            while ((received = avcodec_receive_frame(context, frame)) >= 0) {
                if (frame.nb_samples() > 0) {
                    // A frame may say other than its stream did (a new Ogg chain): checked before it is copied out.
                    limits.checkFormat("a decoded audio frame", frame.sample_rate(), frame.ch_layout().nb_channels());
                    out.append(FrameSamples.of(frame), frame.nb_samples(), frame.sample_rate());
                    producedAudio = true;
                    errorsInARow = 0;
                }
                av_frame_unref(frame);
            }
            if (received != AVERROR_EAGAIN && received != AVERROR_EOF) {
                failed(received);
            }
        } finally {
            av_frame_free(frame);
        }
    }

    private void failed(int error) throws UndecodableAudioException {
        errorsInARow++;
        if (!producedAudio && errorsInARow >= maxErrorsBeforeAudio) {
            throw new UndecodableAudioException(FfmpegErrors.describe("the audio data cannot be decoded", error));
        }
    }
}
