package dev.earshot.client.doctor.audio;

import java.util.Set;

/**
 * What a file's first bytes say it is.
 *
 * @param name              human name ({@code "WAV (PCM 16-bit)"}, {@code "Ogg Opus"}, {@code "no container"})
 * @param container         whether the server recognises it without {@code encoding}
 * @param wav               for WAV files, the header's description; null otherwise
 * @param matchingEncodings the {@code encoding} values that also describe this file (Ogg Opus: ogg-opus)
 */
public record DetectedFormat(String name, boolean container, WavHeader wav, Set<String> matchingEncodings) {
    /**
     * A WAV file's fmt and data chunks.
     *
     * @param encoding   the Deepgram encoding of its samples (linear16, linear32, mulaw, alaw), or null
     * @param dataOffset where the samples start
     */
    public record WavHeader(String encoding, int sampleRate, int channels, int bitsPerSample, int dataOffset) {
    }

    static DetectedFormat raw() {
        return new DetectedFormat("no container (raw samples or codec packets)", false, null, Set.of());
    }

    static DetectedFormat container(String name, String... encodings) {
        return new DetectedFormat(name, true, null, Set.of(encodings));
    }
}
