package dev.earshot.bench.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A fixture set's 8 kHz recordings, {@code DIR/8k/NAME.wav} beside the 16 kHz {@code DIR/NAME.wav}, as
 * the human set keeps them (human-dev-set.sh): a narrowband client sends what was recorded, not the bench's
 * own downsampling of an upsampled copy.
 */
public final class NarrowbandOriginals {
    public static final String SUBDIRECTORY = "8k";
    public static final int SAMPLE_RATE_HZ = 8_000;

    private NarrowbandOriginals() {
    }

    /** The 8 kHz PCM of fixture {@code name} in {@code fixturesDir}, if the directory has it; null dir: none. */
    public static Optional<byte[]> find(Path fixturesDir, String name) throws IOException {
        if (fixturesDir == null) {
            return Optional.empty();
        }
        Path wav = fixturesDir.resolve(SUBDIRECTORY).resolve(name + ".wav");
        if (!Files.isRegularFile(wav)) {
            return Optional.empty();
        }
        WavFile file = WavFile.parse(Files.readAllBytes(wav), wav.toString());
        if (file.sampleRateHz() != SAMPLE_RATE_HZ) {
            throw new IOException(wav + " is " + file.sampleRateHz() + " Hz; the " + SUBDIRECTORY + " originals must be "
                    + SAMPLE_RATE_HZ + " Hz");
        }
        return Optional.of(file.pcm());
    }
}
