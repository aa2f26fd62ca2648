package dev.earshot.server.audio.ffmpeg;

import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.PcmSource;
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
    public AudioDecoder opusPackets(int sampleRateHz, int channels) throws UndecodableAudioException {
        return new FfmpegPacketDecoder(avcodec.AV_CODEC_ID_OPUS, "Opus", sampleRateHz, channels);
    }

    /** Raw Speex packets, one per frame; the rate picks the mode (8 kHz narrow, 16 kHz wide, 32 kHz ultra). */
    public AudioDecoder speexPackets(int sampleRateHz, int channels) throws UndecodableAudioException {
        return new FfmpegPacketDecoder(avcodec.AV_CODEC_ID_SPEEX, "Speex", sampleRateHz, channels);
    }

    /**
     * A whole file read with seeking, on a decoder thread, pulled block by block: what a pre-recorded request
     * needs for an MP4 whose index comes after its media. The decoder runs at most
     * {@link #FILE_AHEAD_FRAMES} ahead of the reader, so memory stays bounded whatever the file's length.
     */
    public PcmSource file(byte[] file, String formatName) {
        PcmSink sink = new PcmSink(FILE_AHEAD_FRAMES);
        FfmpegDemuxer demuxer = new FfmpegDemuxer(ffmpeg, formatName, Map.of());
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        threads.execute(() -> {
            try {
                demuxer.run(new FileInput(file), true, sink);
                done.complete(null);
            } catch (Exception | LinkageError e) {
                done.completeExceptionally(e);
            } finally {
                sink.end();
            }
        });
        return new PcmSource() {
            private boolean exhausted;

            @Override
            public PcmBlock next() throws UndecodableAudioException {
                PcmBlock block;
                try {
                    block = sink.awaitDrain(stallTimeout.toNanos());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UndecodableAudioException("interrupted while decoding");
                }
                if (block == null) {
                    throw new UndecodableAudioException("the decoder made no progress within " + stallTimeout.toMillis() + " ms");
                }
                if (block.frames() == 0) {
                    exhausted = true;
                    failure(done);
                }
                return block;
            }

            @Override
            public boolean exhausted() {
                return exhausted;
            }

            @Override
            public java.util.Optional<dev.earshot.server.audio.AudioFormat> format() {
                return java.util.Optional.ofNullable(sink.format());
            }

            @Override
            public void close() {
                sink.abort();
            }
        };
    }

    /** Ten seconds of 48 kHz audio: plenty to keep the engine fed, little to hold. */
    static final int FILE_AHEAD_FRAMES = 480_000;

    private static void failure(java.util.concurrent.CompletableFuture<Void> done) throws UndecodableAudioException {
        try {
            done.getNow(null);
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof UndecodableAudioException undecodable) {
                throw undecodable;
            }
            throw new UndecodableAudioException("the audio could not be decoded (" + e.getCause() + ")");
        }
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
