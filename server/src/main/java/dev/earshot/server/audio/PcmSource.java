package dev.earshot.server.audio;

/**
 * Decoded audio pulled block by block from a whole file (pre-recorded requests), however it is decoded:
 * pushed through a stream decoder a slice at a time, or read by a decoder that seeks in the file.
 */
public interface PcmSource extends AutoCloseable {
    /** The next decoded samples, at most about a block; an empty block with {@link #exhausted()} true at the end. */
    PcmBlock next() throws UndecodableAudioException;

    boolean exhausted();

    /** CPU time the decoding spent on threads of its own (see {@link AudioDecoder#ownThreadCpuNanos()}). */
    long ownThreadCpuNanos();

    /** How far into the file the decoder has read, in bytes. */
    long bytesRead();

    /** See {@link AudioDecoder#incompleteInput()}. */
    default java.util.Optional<String> incompleteInput() {
        return java.util.Optional.empty();
    }

    /** The decoded format, once the first samples are out. */
    java.util.Optional<AudioFormat> format();

    @Override
    void close();

    /** A whole file pushed through a stream decoder, one slice per call. */
    static PcmSource pushing(AudioDecoder decoder, byte[] file, int sliceBytes) {
        return new PcmSource() {
            private int position;
            private boolean finished;

            @Override
            public PcmBlock next() throws UndecodableAudioException {
                if (decoder.hasMore()) {
                    return decoder.more();
                }
                if (position < file.length) {
                    int length = Math.min(sliceBytes, file.length - position);
                    PcmBlock block = decoder.decode(file, position, length);
                    position += length;
                    return block;
                }
                if (!finished) {
                    finished = true;
                    return decoder.finish();
                }
                return PcmBlock.EMPTY;
            }

            @Override
            public boolean exhausted() {
                return finished && !decoder.hasMore();
            }

            @Override
            public long ownThreadCpuNanos() {
                return decoder.ownThreadCpuNanos();
            }

            @Override
            public long bytesRead() {
                return position;
            }

            @Override
            public java.util.Optional<String> incompleteInput() {
                return decoder.incompleteInput();
            }

            @Override
            public java.util.Optional<AudioFormat> format() {
                return decoder.format();
            }

            @Override
            public void close() {
                decoder.close();
            }
        };
    }
}
