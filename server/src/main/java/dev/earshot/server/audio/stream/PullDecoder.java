package dev.earshot.server.audio.stream;

import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
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
 * hands the bytes over and waits until the decoder has used them all and asks for more, so the PCM they
 * make comes back from the same call, in order, with no added latency.
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
    private final BytePipe pipe = new BytePipe();
    private final PcmSink sink = new PcmSink();
    /** The decoder thread's failure, if it had one; read after the pipe says it is done. */
    private volatile Exception failure;
    private boolean started;

    /**
     * @param timeout how long one call may wait for the decoder; past it the stream is undecodable
     *                (a decoder that takes seconds over one frame is stuck)
     */
    public PullDecoder(ExecutorService threads, Body body, Duration timeout) {
        this.threads = threads;
        this.body = body;
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public Optional<AudioFormat> format() {
        return Optional.ofNullable(sink.format());
    }

    @Override
    public PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException {
        start();
        pipe.write(bytes, offset, length);
        await(false);
        return sink.drain();
    }

    @Override
    public PcmBlock finish() throws UndecodableAudioException {
        if (!started) {
            return PcmBlock.EMPTY;
        }
        pipe.end();
        await(true);
        return sink.drain();
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
        try {
            body.run(pipe, sink);
        } catch (Exception e) {
            failure = e;
        } catch (Throwable error) {
            // An OutOfMemoryError from a length field a decoder trusted, say: this stream is undecodable, and
            // its lane must hear so instead of seeing a decoder that quietly stopped.
            failure = new UndecodableAudioException("the decoder failed on this audio (" + error + ")");
        } finally {
            pipe.readerDone();
        }
    }

    private void await(boolean toTheEnd) throws UndecodableAudioException {
        boolean inTime;
        try {
            inTime = toTheEnd ? pipe.awaitDone(timeoutNanos, TimeUnit.NANOSECONDS)
                    : pipe.awaitStarved(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UndecodableAudioException("interrupted while decoding");
        }
        Exception failed = failure;
        if (failed instanceof UndecodableAudioException undecodable) {
            throw undecodable;
        }
        if (failed != null) {
            throw new UndecodableAudioException("the audio could not be decoded (" + failed.getClass().getSimpleName()
                    + (failed.getMessage() == null ? "" : ": " + failed.getMessage()) + ")");
        }
        if (!inTime) {
            throw new UndecodableAudioException("the decoder made no progress within "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
    }

    @Override
    public void close() {
        pipe.abort();
    }
}
