package dev.earshot.server.audio;

import dev.earshot.protocol.Encoding;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The raw {@code encoding} values this server decodes today, and how their samples are stored. The other
 * values live-api.md §2 lists are valid but not decodable yet; the handshake refuses them with a 400.
 */
public final class RawEncodings {
    private static final Map<Encoding, SampleFormat> SAMPLE_FORMATS = Map.of(
            Encoding.LINEAR16, SampleFormat.S16LE,
            Encoding.LINEAR32, SampleFormat.F32LE, // 32-bit float, as FFmpeg's f32le for Deepgram's linear32
            Encoding.MULAW, SampleFormat.MULAW,
            Encoding.ALAW, SampleFormat.ALAW);

    private RawEncodings() {
    }

    public static Optional<SampleFormat> sampleFormat(Encoding encoding) {
        return Optional.ofNullable(SAMPLE_FORMATS.get(encoding));
    }

    /** "linear16, linear32, mulaw, alaw", for error messages. */
    public static String supportedNames() {
        return SAMPLE_FORMATS.keySet().stream().sorted().map(Encoding::wireName).collect(Collectors.joining(", "));
    }
}
