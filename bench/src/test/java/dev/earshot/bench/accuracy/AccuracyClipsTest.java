package dev.earshot.bench.accuracy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.earshot.bench.audio.Fixture;
import dev.earshot.bench.audio.Fixtures;
import dev.earshot.bench.audio.WireAudio;
import dev.earshot.bench.audio.WireClip;
import dev.earshot.bench.audio.WireFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Narrowband formats send a fixture set's own 8 kHz recordings when it has them; the engine keeps the 16 kHz. */
@Timeout(60)
class AccuracyClipsTest {
    @TempDir
    Path dir;

    /** speech-a as a fixture directory: its 16 kHz WAV and text, and a made-up "8 kHz original" of it. */
    private Fixture fixtureWithOriginal(int originalRateHz, byte[] original) throws IOException {
        Fixture fixture = Fixtures.bundled().get(0);
        Files.write(dir.resolve("speech-a.wav"), wav(fixture.pcm(), fixture.sampleRateHz()));
        Files.writeString(dir.resolve("speech-a.txt"), String.join("\n", fixture.sentences()));
        Files.createDirectories(dir.resolve("8k"));
        Files.write(dir.resolve("8k").resolve("speech-a.wav"), wav(original, originalRateHz));
        return Fixtures.directory(dir).get(0);
    }

    @Test
    void theEightKilohertzOriginalIsSentAsItIsWithTheProgrammesSilentTail() throws IOException {
        byte[] original = new byte[8_000 * 2 * 3]; // 3 s: recognisably not a resampled copy of the fixture
        original[1] = 0x12;
        Fixture fixture = fixtureWithOriginal(8_000, original);

        AccuracyClip clip = AccuracyClips.prepare(List.of(fixture), dir, WireFormat.LINEAR16_8K).get(0);

        assertThat(clip.narrowbandOriginal()).isTrue();
        byte[] sent = join(clip.wire());
        assertThat(sent).hasSize(original.length + 8_000 * 2); // one second of tail, as the programme has
        assertThat(sent[1]).isEqualTo((byte) 0x12);
        assertThat(clip.wire().chunks().get(0)).hasSize(1_600); // 100 ms of 8 kHz linear16
        assertThat(clip.wire().endsSec().get(clip.wire().endsSec().size() - 1)).isEqualTo(4.0);
        assertThat(clip.programme().pcm()).hasSize(fixture.pcm().length + 16_000 * 2); // the engine: 16 kHz
        assertThat(clip.referenceWords()).isEqualTo(String.join(" ", fixture.sentences()).split("\\s+").length);

        AccuracyClip phoned = AccuracyClips.prepare(List.of(fixture), dir, WireFormat.MULAW_8K).get(0);
        assertThat(phoned.narrowbandOriginal()).isTrue();
        assertThat(join(phoned.wire())).hasSize(original.length / 2 + 8_000).isEqualTo(
                WireAudio.TELEPHONY.encode(AccuracyClips.withTail(original, 8_000), 8_000));
    }

    @Test
    void withoutOriginalsOrForWidebandFormatsTheFixtureIsResampledOrSentAsItIs() throws IOException {
        Fixture fixture = Fixtures.bundled().get(1);
        AccuracyClip resampled = AccuracyClips.prepare(List.of(fixture), null, WireFormat.MULAW_8K).get(0);
        assertThat(resampled.narrowbandOriginal()).isFalse();
        assertThat(join(resampled.wire())).isEqualTo(WireAudio.TELEPHONY.encode(resampled.programme()));

        Fixture withOriginal = fixtureWithOriginal(8_000, new byte[16_000]);
        AccuracyClip wide = AccuracyClips.prepare(List.of(withOriginal), dir, WireFormat.LINEAR16_16K).get(0);
        assertThat(wide.narrowbandOriginal()).isFalse();
        assertThat(join(wide.wire())).isEqualTo(wide.programme().pcm());
    }

    @Test
    void anOriginalAtAnotherRateIsRefused() throws IOException {
        Fixture fixture = fixtureWithOriginal(11_025, new byte[2_000]);
        assertThatThrownBy(() -> AccuracyClips.prepare(List.of(fixture), dir, WireFormat.MULAW_8K))
                .isInstanceOf(IOException.class).hasMessageContaining("11025 Hz");
    }

    private static byte[] join(WireClip clip) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        clip.chunks().forEach(out::writeBytes);
        return out.toByteArray();
    }

    private static byte[] wav(byte[] pcm, int rateHz) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + pcm.length).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(rateHz).putInt(rateHz * 2).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes()).putInt(pcm.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(pcm);
        return out.toByteArray();
    }
}
