package dev.earshot.server.audio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EXIT;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_QUIET;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * FFmpeg 8 through the JavaCPP presets, loaded once per server. It owns the one read callback and the one
 * seek callback every custom input shares: JavaCPP keeps a small fixed number of native thunks per callback
 * class, so each input registers its stream under a unique {@code opaque} key instead of making its own.
 *
 * <p>Nothing may escape a callback into FFmpeg: a Java exception there becomes a C++ exception inside
 * FFmpeg and the JVM dies ({@code terminate called after throwing an instance of 'JavaCPP_exception'}).
 * The callbacks catch {@link Throwable} and answer {@code AVERROR_EXIT}.
 */
public final class Ffmpeg {
    /** FFmpeg's seek "whence" asking for the stream's size instead of moving. */
    static final int AVSEEK_SIZE = 0x10000;

    private final Map<Long, Input> inputs = new ConcurrentHashMap<>();
    private final AtomicLong nextKey = new AtomicLong(1);
    private final ReadCallback read = new ReadCallback();
    private final SeekCallback seek = new SeekCallback();

    /** What a custom input reads from: a pipe fed by the stream, or a whole file. */
    interface Input {
        /** Up to {@code length} bytes; -1 at the end. May block. */
        int read(byte[] buffer, int length) throws Exception;

        /** Moves to {@code offset} from the start; false when the input cannot seek. */
        default boolean seek(long offset) {
            return false;
        }

        /** The input's size, or -1 when unknown. */
        default long size() {
            return -1;
        }
    }

    /**
     * JavaCPP refuses every allocation once the process's resident memory passes this, which defaults to four
     * times the heap: 1 GiB under the launcher's 256 MB heap. Most of this server's resident memory is the
     * speech model and its recognisers, which JavaCPP neither allocated nor can free, so twelve warm
     * recognisers (1.16 GB) were enough to fail every FFmpeg stream with an OutOfMemoryError, a 1008 on
     * valid Ogg, WebM and MP3. 0 turns the check off; a value the operator set wins.
     */
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    /** Loads the native libraries (about 55 MB, unpacked once to the JavaCPP cache) and silences FFmpeg's log. */
    public static Ffmpeg load() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0"); // read once, when JavaCPP's Pointer class initialises
        }
        Loader.load(avformat.class);
        Loader.load(avcodec.class);
        av_log_set_level(AV_LOG_QUIET);
        return new Ffmpeg();
    }

    private Ffmpeg() {
    }

    /** Registers an input and returns the opaque key to pass to avio_alloc_context; {@link #unregister} it after. */
    Pointer register(Input input) {
        long key = nextKey.getAndIncrement();
        inputs.put(key, input);
        LongPointer opaque = new LongPointer(1);
        opaque.put(key);
        return opaque;
    }

    /** Forgets the input and frees its key. */
    void unregister(Pointer opaque) {
        inputs.remove(new LongPointer(opaque).get());
        opaque.close();
    }

    Read_packet_Pointer_BytePointer_int readCallback() {
        return read;
    }

    Seek_Pointer_long_int seekCallback() {
        return seek;
    }

    private Input lookup(Pointer opaque) {
        return opaque == null ? null : inputs.get(new LongPointer(opaque).get());
    }

    private final class ReadCallback extends Read_packet_Pointer_BytePointer_int {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            try {
                Input input = lookup(opaque);
                if (input == null) {
                    return AVERROR_EXIT;
                }
                byte[] bytes = new byte[size];
                int count = input.read(bytes, size);
                if (count < 0) {
                    return AVERROR_EOF;
                }
                buffer.position(0).put(bytes, 0, count);
                return count;
            } catch (Throwable anything) {
                return AVERROR_EXIT;
            }
        }
    }

    private final class SeekCallback extends Seek_Pointer_long_int {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            try {
                Input input = lookup(opaque);
                if (input == null) {
                    return -1;
                }
                if ((whence & AVSEEK_SIZE) != 0) {
                    return input.size();
                }
                return whence == 0 && input.seek(offset) ? offset : -1;
            } catch (Throwable anything) {
                return -1;
            }
        }
    }

    /** The registry's size: inputs not yet unregistered (a leak gauge for tests). */
    public int openInputs() {
        return inputs.size();
    }
}
