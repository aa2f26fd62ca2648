package dev.earshot.server.audio.ffmpeg;

import dev.earshot.server.Settings.DecodeLimits;
import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.DecodeBudget;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.PcmSource;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.stream.PcmSink;
import dev.earshot.server.audio.stream.PullDecoder;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.bytedeco.ffmpeg.global.avcodec;

/** The decoders FFmpeg provides: demuxed streams (on a decoder thread), bare packets, and whole files. */
public final class FfmpegDecoders {
    private final Ffmpeg ffmpeg;
    private final ExecutorService threads;
    private final Duration stallTimeout;
    private final DecodeLimits limits;

    public FfmpegDecoders(Ffmpeg ffmpeg, ExecutorService threads, Duration stallTimeout, DecodeLimits limits) {
        this.ffmpeg = ffmpeg;
        this.threads = threads;
        this.stallTimeout = stallTimeout;
        this.limits = limits;
    }

    /** A live stream in FFmpeg's demuxer {@code formatName}, read as it arrives (it cannot seek). */
    public AudioDecoder streaming(String formatName, Map<String, String> formatOptions) {
        FfmpegDemuxer demuxer = new FfmpegDemuxer(ffmpeg, formatName, formatOptions, limits);
        return new PullDecoder(threads, (InputStream input, PcmSink output) ->
                demuxer.run((buffer, length) -> input.read(buffer, 0, length), false, output), stallTimeout,
                limits.blockSamples());
    }

    /** Raw Opus packets, one per frame; FFmpeg's Opus decoder gives 48 kHz whatever the source rate. */
    public AudioDecoder opusPackets(int sampleRateHz, int channels) throws UndecodableAudioException {
        return new FfmpegPacketDecoder(avcodec.AV_CODEC_ID_OPUS, "Opus", sampleRateHz, channels, limits);
    }

    /** Raw Speex packets, one per frame; the rate picks the mode (8 kHz narrow, 16 kHz wide, 32 kHz ultra). */
    public AudioDecoder speexPackets(int sampleRateHz, int channels) throws UndecodableAudioException {
        return new FfmpegPacketDecoder(avcodec.AV_CODEC_ID_SPEEX, "Speex", sampleRateHz, channels, limits);
    }

    /**
     * A whole file read with seeking, on a decoder thread, pulled a block at a time: what a pre-recorded request
     * needs for an MP4 whose index comes after its media. The decoder thread works only while the reader
     * waits for the next block (a demand-driven sink), so memory and CPU stay bounded whatever the file holds.
     */
    public PcmSource file(byte[] file, String formatName) throws UndecodableAudioException {
        FileDecoding decoding = new FileDecoding(new FfmpegDemuxer(ffmpeg, formatName, Map.of(), limits), file);
        try {
            threads.execute(decoding::run);
        } catch (RejectedExecutionException full) {
            throw new UndecodableAudioException("no decoder thread is free for this file");
        }
        return decoding;
    }

    /** One file decoded on a decoder thread into a demand-driven sink. */
    private final class FileDecoding implements PcmSource {
        private final FfmpegDemuxer demuxer;
        private final FileInput input;
        private final PcmSink sink = new PcmSink(() -> { });
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final DecodeBudget.WorkerClock cpu = new DecodeBudget.WorkerClock();
        /** Reader only. */
        private boolean exhausted;

        FileDecoding(FfmpegDemuxer demuxer, byte[] file) {
            this.demuxer = demuxer;
            this.input = new FileInput(file);
        }

        void run() {
            cpu.start();
            try {
                demuxer.run(input, true, sink);
                done.complete(null);
            } catch (Exception | LinkageError e) {
                done.completeExceptionally(e);
            } finally {
                cpu.stop();
                sink.end();
            }
        }

        @Override
        public PcmBlock next() throws UndecodableAudioException {
            PcmBlock block;
            try {
                block = sink.awaitDrain(limits.blockSamples(), stallTimeout.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UndecodableAudioException("interrupted while decoding");
            }
            if (block == null) {
                throw new UndecodableAudioException("the decoder made no progress within " + stallTimeout.toMillis() + " ms");
            }
            if (block.frames() == 0) {
                exhausted = true;
                rethrowFailure();
            }
            return block;
        }

        private void rethrowFailure() throws UndecodableAudioException {
            try {
                done.getNow(null);
            } catch (CompletionException e) {
                if (e.getCause() instanceof UndecodableAudioException undecodable) {
                    throw undecodable;
                }
                throw new UndecodableAudioException("the audio could not be decoded (" + e.getCause() + ")");
            }
        }

        @Override
        public boolean exhausted() {
            return exhausted;
        }

        @Override
        public Optional<AudioFormat> format() {
            return Optional.ofNullable(sink.format());
        }

        @Override
        public long ownThreadCpuNanos() {
            return cpu.nanos();
        }

        @Override
        public long bytesRead() {
            return input.farthest;
        }

        @Override
        public void close() {
            sink.abort();
        }
    }

    /** A byte array FFmpeg can read and seek in. Used by one FFmpeg call on one thread. */
    private static final class FileInput implements Ffmpeg.Input {
        private final byte[] file;
        private int position;
        /** The farthest byte read so far; read by the lane. */
        private volatile long farthest;

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
            farthest = Math.max(farthest, position);
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
