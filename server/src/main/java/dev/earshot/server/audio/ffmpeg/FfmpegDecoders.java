package dev.earshot.server.audio.ffmpeg;

import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.stream.PcmSink;
import dev.earshot.server.audio.stream.PullDecoder;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.bytedeco.ffmpeg.global.avcodec;

/** The decoders FFmpeg provides: demuxed streams (on a decoder thread), bare packets, and whole files. */
public final class FfmpegDecoders {
    private final Ffmpeg ffmpeg;
    private final ExecutorService threads;
    private final Duration stallTimeout;

    public FfmpegDecoders(Ffmpeg ffmpeg, ExecutorService threads, Duration stallTimeout) {
        this.ffmpeg = ffmpeg;
        this.threads = threads;
        this.stallTimeout = stallTimeout;
    }

    /** A live stream in FFmpeg's demuxer {@code formatName}, read as it arrives (it cannot seek). */
    public AudioDecoder streaming(String formatName, Map<String, String> formatOptions) {
        FfmpegDemuxer demuxer = new FfmpegDemuxer(ffmpeg, formatName, formatOptions);
        return new PullDecoder(threads, (InputStream input, PcmSink output) ->
                demuxer.run((buffer, length) -> input.read(buffer, 0, length), false, output), stallTimeout);
    }

    /** Raw Opus packets, one per frame; FFmpeg's Opus decoder gives 48 kHz whatever the source rate. */
    public AudioDecoder opusPackets(int sampleRateHz, int channels) {
        return new FfmpegPacketDecoder(avcodec.AV_CODEC_ID_OPUS, "Opus", sampleRateHz, channels);
    }

    /** Raw Speex packets, one per frame; the rate picks the mode (8 kHz narrow, 16 kHz wide, 32 kHz ultra). */
    public AudioDecoder speexPackets(int sampleRateHz, int channels) {
        return new FfmpegPacketDecoder(avcodec.AV_CODEC_ID_SPEEX, "Speex", sampleRateHz, channels);
    }

    /**
     * A whole file at once, on the calling thread, with seeking: what a pre-recorded request needs, and the
     * only way to read an MP4 whose index comes after its media.
     */
    public PcmBlock wholeFile(byte[] file, String formatName, Map<String, String> formatOptions)
            throws UndecodableAudioException {
        PcmSink sink = new PcmSink();
        new FfmpegDemuxer(ffmpeg, formatName, formatOptions).run(new FileInput(file), true, sink);
        return sink.drain();
    }

    /** A byte array FFmpeg can read and seek in. Used by one FFmpeg call on one thread. */
    private static final class FileInput implements Ffmpeg.Input {
        private final byte[] file;
        private int position;

        FileInput(byte[] file) {
            this.file = file;
        }

        @Override
        public int read(byte[] buffer, int length) {
            if (position >= file.length) {
                return -1;
            }
            int count = Math.min(length, file.length - position);
            System.arraycopy(file, position, buffer, 0, count);
            position += count;
            return count;
        }

        @Override
        public boolean seek(long offset) {
            if (offset < 0 || offset > file.length) {
                return false;
            }
            position = (int) offset;
            return true;
        }

        @Override
        public long size() {
            return file.length;
        }
    }
}
