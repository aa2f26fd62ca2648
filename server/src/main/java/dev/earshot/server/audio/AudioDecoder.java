package dev.earshot.server.audio;

import java.util.Optional;

/**
 * Turns a stream of audio bytes, cut anywhere (frames need not align with samples, packets or headers),
 * into decoded samples. One per stream; called in order by the stream's decode lane, never concurrently.
 */
public interface AudioDecoder extends AutoCloseable {
    /** Decodes what these bytes complete; keeps incomplete samples, packets or headers for the next call. */
    PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException;

    /** The end of the stream: whatever the decoder still holds. After this, only {@link #close()}. */
    default PcmBlock finish() throws UndecodableAudioException {
        return PcmBlock.EMPTY;
    }

    /** The decoded format, once known: at once for raw PCM, after the header or first packet otherwise. */
    Optional<AudioFormat> format();

    /** Frees native decoders and threads. Idempotent; may be called at any time, also mid-decode by abort. */
    @Override
    default void close() {
    }
}
