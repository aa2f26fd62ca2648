package dev.earshot.server.audio;

import java.util.Optional;

/**
 * Turns a stream of audio bytes, cut anywhere (frames need not align with samples or headers), into
 * decoded samples. One per stream; fed in order by the stream's decode lane.
 */
public interface AudioDecoder {
    /** Decodes what these bytes complete; keeps incomplete samples or headers for the next call. */
    PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException;

    /** The decoded format, once known: at once for raw audio, after the header for containers. */
    Optional<AudioFormat> format();
}
