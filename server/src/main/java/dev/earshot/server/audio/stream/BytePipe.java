package dev.earshot.server.audio.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Bytes handed from the decode lane to a pull-style decoder (FFmpeg's demuxers, jflac) that reads them on
 * its own thread as an {@link InputStream}. The writer can wait until the reader has taken everything and is
 * asking for more ({@link #awaitReader}): then all the PCM those bytes could make has been made.
 */
final class BytePipe extends InputStream {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by lock. */
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int headOffset;
    private boolean ended;
    private boolean aborted;
    private boolean readerWaiting;
    private boolean readerDone;

    /** Adds bytes for the reader. */
    void write(byte[] bytes, int offset, int length) {
        byte[] copy = new byte[length];
        System.arraycopy(bytes, offset, copy, 0, length);
        lock.lock();
        try {
            chunks.add(copy);
            readerWaiting = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** No more bytes will come: the reader sees end of stream once it has read the rest. */
    void end() {
        lock.lock();
        try {
            ended = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The reader's next read fails at once: the stream is being torn down. */
    void abort() {
        lock.lock();
        try {
            aborted = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Called by the reader's thread when it has stopped reading for good. */
    void readerDone() {
        lock.lock();
        try {
            readerDone = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Wakes a writer waiting in {@link #awaitReader} to look at {@code orReady} again. */
    void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until the reader has consumed every byte and is blocked asking for more, or has finished, or
     * {@code orReady} holds (checked again at every {@link #signal}).
     *
     * @return false on timeout
     */
    boolean awaitReader(BooleanSupplier orReady, long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (!isReaderIdle() && !orReady.getAsBoolean()) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reader has finished, or has taken every byte and waits for more. */
    boolean isReaderIdle() {
        lock.lock();
        try {
            return readerDone || (readerWaiting && chunks.isEmpty());
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reader has finished for good. */
    boolean isReaderDone() {
        lock.lock();
        try {
            return readerDone;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        lock.lock();
        try {
            while (chunks.isEmpty()) {
                if (aborted) {
                    throw new IOException("stream closed");
                }
                if (ended) {
                    return -1;
                }
                readerWaiting = true;
                changed.signalAll();
                changed.await();
            }
            if (aborted) {
                throw new IOException("stream closed");
            }
            readerWaiting = false;
            int copied = 0;
            while (copied < length && !chunks.isEmpty()) {
                byte[] head = chunks.peek();
                int taken = Math.min(length - copied, head.length - headOffset);
                System.arraycopy(head, headOffset, buffer, offset + copied, taken);
                copied += taken;
                headOffset += taken;
                if (headOffset == head.length) {
                    chunks.poll();
                    headOffset = 0;
                }
            }
            return copied;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for audio");
        } finally {
            lock.unlock();
        }
    }
}
