package dev.earshot.bench.accuracy;

import dev.earshot.bench.audio.Fixture;
import dev.earshot.bench.audio.NarrowbandOriginals;
import dev.earshot.bench.audio.Programme;
import dev.earshot.bench.audio.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Prepares every fixture for the comparison once, before any stream starts: encoding is not what is measured. */
public final class AccuracyClips {
    /** The rate the engine alone is fed at: the model's, and the fixtures' own. */
    static final int ENGINE_RATE_HZ = 16_000;

    private AccuracyClips() {
    }

    /**
     * @param fixturesDir where the fixtures came from (its {@code 8k/} originals are used for narrowband
     *                    formats); null for the bundled fixtures
     */
    public static List<AccuracyClip> prepare(List<Fixture> fixtures, Path fixturesDir, WireFormat wire)
            throws IOException {
        List<AccuracyClip> clips = new ArrayList<>();
        for (int i = 0; i < fixtures.size(); i++) {
            Fixture fixture = fixtures.get(i);
            if (fixture.sampleRateHz() != ENGINE_RATE_HZ) {
                throw new IOException("--accuracy feeds the engine alone the fixtures as they are, so they must be "
                        + ENGINE_RATE_HZ + " Hz: " + fixture.name() + " is " + fixture.sampleRateHz() + " Hz");
            }
            Programme programme = Programme.build(fixtures, i, null);
            Optional<byte[]> original = wire.narrowband()
                    ? NarrowbandOriginals.find(fixturesDir, fixture.name()) : Optional.empty();
            clips.add(original.isPresent()
                    ? new AccuracyClip(fixture.name(), programme, wire.clip(withTail(original.get(),
                            NarrowbandOriginals.SAMPLE_RATE_HZ), NarrowbandOriginals.SAMPLE_RATE_HZ), true)
                    : new AccuracyClip(fixture.name(), programme, wire.clip(programme.pcm(), ENGINE_RATE_HZ), false));
        }
        return List.copyOf(clips);
    }

    /** The same silence after the recording as the programme has, so both sides hear the last sentence end. */
    static byte[] withTail(byte[] pcm, int sampleRateHz) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pcm);
        out.writeBytes(new byte[(int) (Programme.TAIL.toMillis() * sampleRateHz / 1000) * 2]);
        return out.toByteArray();
    }
}
