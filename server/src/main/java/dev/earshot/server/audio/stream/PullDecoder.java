package dev.earshot.server.audio.stream;

import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.DecodeBudget;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.UndecodableAudioException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs a pull-style decoder (one that reads its input from an {@link InputStream}: FFmpeg's demuxers,
 * jflac) on its own thread, and makes it look like an {@link AudioDecoder} to the lane: {@link #decode}
 * hands the bytes over and waits until the decoder has used them all and asks for more, or has made a block
 * of audio, so the PCM they make comes back from the same call, in order, with no added latency.
 *
 * <p>The decoder thread only works while the lane waits for it (its sink is demand-driven): decoding stays
 * inside the lanes' CPU budget, and the audio a flood of compressed input makes is handed over a block at a
 * time ({@link #hasMore()}).
 *
 * <p>The thread comes from a bounded pool and goes back when the stream ends or is closed: {@link #close}
 * makes the decoder's next read fail, so it unwinds and frees its native state on its own thread.
 */
public final class PullDecoder implements AudioDecoder {
    /** What a pull decoder does: read {@code input} until it ends, putting samples into {@code output}. */
    @FunctionalInterface
    public interface Body {
        void run(InputStream input, PcmSink output) throws Exception;
    }

    private final ExecutorService threads;
    private final Body body;
    private final long timeoutNanos;
    private final int blockSamples;
    private final BytePipe pipe = new BytePipe();
    private final PcmSink sink = new PcmSink(pipe::signal);
    /** The decoder thread's failure, if it had one; read after the pipe says it is done. */
    private volatile Exception failure;
    private final DecodeBudget.WorkerClock cpu = new DecodeBudget.WorkerClock();
    private boolean started;
    /** Lane only: whether the last call returned because a block was ready, with the decoder not yet idle. */
    private boolean more;

    /**
     * @param timeout      how long one call may wait for the decoder; past it the stream is undecodable
     *                     (a decoder that takes seconds over one block is stuck)
     * @param blockSamples about how many samples (frames times channels) one call returns at most
     */
    public PullDecoder(ExecutorService threads, Body body, Duration timeout, int blockSamples) {
        this.threads = threads;
        this.body = body;
        this.timeoutNanos = timeout.toNanos();
        this.blockSamples = blockSamples;
    }

    @Override
    public Optional<AudioFormat> format() {
        return Optional.ofNullable(sink.format());
    }

    @Override
    public PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException {
        start();
        pipe.write(bytes, offset, length);
        return nextBlock();
    }

    @Override
    public boolean hasMore() {
        return more;
    }

    @Override
    public PcmBlock more() throws UndecodableAudioException {
        return started ? nextBlock() : PcmBlock.EMPTY;
    }

    @Override
    public PcmBlock finish() throws UndecodableAudioException {
        if (!started) {
            return PcmBlock.EMPTY;
        }
        pipe.end();
        return nextBlock();
    }

    @Override
    public long ownThreadCpuNanos() {
        return cpu.nanos();
    }

    private void start() throws UndecodableAudioException {
        if (started) {
            return;
        }
        started = true;
        try {
            threads.execute(this::runBody);
        } catch (RejectedExecutionException full) {
            pipe.readerDone();
            throw new UndecodableAudioException("no decoder thread is free for this stream");
        }
    }

    private void runBody() {
        cpu.start();
        try {
            body.run(pipe, sink);
        } catch (Exception e) {
            failure = e;
        } catch (Throwable error) {
            // Not expected since decoders check headers before sizing buffers, but this stream must still hear
            // why its decoder stopped, instead of seeing one that quietly went away.
            failure = new UndecodableAudioException("the decoder failed on this audio (" + error + ")");
        } finally {
            cpu.stop();
            pipe.readerDone();
        }
    }

    /** Lets the decoder make up to a block, waits until it has, or has used every byte, or has finished. */
    private PcmBlock nextBlock() throws UndecodableAudioException {
        sink.request(blockSamples);
        boolean inTime;
        try {
            inTime = pipe.awaitReader(sink::isReady, timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UndecodableAudioException("interrupted while decoding");
        }
        PcmBlock block = sink.drain();
        more = !pipe.isReaderIdle();
        if (pipe.isReaderDone()) {
            Exception failed = failure;
            if (failed instanceof UndecodableAudioException undecodable) {
                throw undecodable;
            }
            if (failed != null) {
                throw new UndecodableAudioException("the audio could not be decoded (" + failed.getClass().getSimpleName()
                        + (failed.getMessage() == null ? "" : ": " + failed.getMessage()) + ")");
            }
        }
        if (!inTime) {
            throw new UndecodableAudioException("the decoder made no progress within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
        return block;
    }

    @Override
    public void close() {
        pipe.abort();
        sink.abort();
    }
}
