package dev.earshot.server.audio;

import java.util.Optional;

/**
 * Turns a stream of audio bytes, cut anywhere (frames need not align with samples, packets or headers),
 * into decoded samples. One per stream; called in order by the stream's decode lane, never concurrently.
 *
 * <p>A decoder whose few bytes can make much audio (compressed formats: an hour of silence is a few hundred
 * KB of FLAC) gives it a block at a time: after {@link #decode} or {@link #finish}, while {@link #hasMore()}
 * is true, {@link #more()} returns the next block. Memory then stays bounded by a block whatever the input
 * claims, and the caller can let other streams run between blocks.
 */
public interface AudioDecoder extends AutoCloseable {
    /** Decodes what these bytes complete; keeps incomplete samples, packets or headers for the next call. */
    PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException;

    /** Whether audio made from the bytes given so far waits beyond what the last call returned. */
    default boolean hasMore() {
        return false;
    }

    /** The next block of the audio that waits (see {@link #hasMore()}). */
    default PcmBlock more() throws UndecodableAudioException {
        return PcmBlock.EMPTY;
    }

    /** The end of the stream: whatever the decoder still holds. After this, only {@link #more()} and {@link #close()}. */
    default PcmBlock finish() throws UndecodableAudioException {
        return PcmBlock.EMPTY;
    }

    /**
     * Whether each call to {@link #decode} must be one codec packet (raw Opus or Speex: one packet per binary
     * message), so that frames may never be joined or split; false for a stream of bytes cut anywhere.
     */
    default boolean takesPackets() {
        return false;
    }

    /** The decoded format, once known: at once for raw PCM, after the header or first packet otherwise. */
    Optional<AudioFormat> format();

    /** The container recognised in the bytes ({@code wav}, {@code ogg}, ...), for the request log; empty if none. */
    default Optional<String> container() {
        return Optional.empty();
    }

    /**
     * CPU time, in nanoseconds, that this decoder has spent on a thread of its own (a pull decoder's): work
     * the calling thread's clock does not see, which the caller's {@link DecodeBudget} must still count.
     */
    default long ownThreadCpuNanos() {
        return 0;
    }

    /**
     * When the input ended before any audio: what the decoder was still waiting for, in words for the client
     * ("the WAV header ended after 30 bytes, before its data chunk"); empty when it has nothing to add.
     */
    default Optional<String> incompleteInput() {
        return Optional.empty();
    }

    /** Frees native decoders and threads. Idempotent; may be called at any time, also mid-decode by abort. */
    @Override
    default void close() {
    }
}
