package dev.earshot.bench.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.bench.audio.opus.OggOpusEncoder;
import dev.earshot.bench.audio.opus.OggPages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How a client's messages carry a recording: whole frames, or Ogg pages gathered into ~100 ms. */
@Timeout(60)
class WireClipTest {
    @Test
    void rawAudioIsCutIntoFramesTheLastShorter() {
        WireClip clip = WireClip.frames(new byte[3_500], 1_600, 100);
        assertThat(clip.chunks()).extracting(chunk -> chunk.length).containsExactly(1_600, 1_600, 300);
        assertThat(clip.endsSec()).containsExactly(0.1, 0.2, 3_500 / 1_600.0 * 0.1);
        assertThat(clip.startSec(0)).isZero();
        assertThat(clip.startSec(2)).isEqualTo(0.2);
    }

    @Test
    void oggOpusIsSentAPageBoundaryAtATimeWithAtLeastATenthOfASecondPerMessage() throws IOException {
        Fixture fixture = Fixtures.bundled().get(0);
        byte[] ogg = OggOpusEncoder.encode(fixture.pcm(), fixture.sampleRateHz());
        WireClip clip = WireFormat.OGG_OPUS.clip(fixture.pcm(), fixture.sampleRateHz());

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        clip.chunks().forEach(joined::writeBytes);
        // The same stream as one encoding in one piece (but for its random serial number): nothing lost or split.
        List<OggPages.Page> whole = OggPages.read(joined.toByteArray());
        assertThat(whole).allMatch(OggPages.Page::crcMatches);
        assertThat(whole).extracting(OggPages.Page::granule)
                .containsExactlyElementsOf(OggPages.read(ogg).stream().map(OggPages.Page::granule).toList());
        assertThat(OggPages.read(clip.chunks().get(0)).get(0).bodyStartsWith("OpusHead")).isTrue();
        for (int k = 0; k < clip.chunks().size(); k++) {
            List<OggPages.Page> pages = OggPages.read(clip.chunks().get(k)); // whole pages only
            assertThat(pages).isNotEmpty();
            double seconds = clip.endsSec().get(k) - clip.startSec(k);
            if (k < clip.chunks().size() - 1) {
                assertThat(seconds).as("message %d", k).isBetween(0.1 - 1e-9, 0.2);
            }
        }
        assertThat(clip.endsSec().get(clip.endsSec().size() - 1)).isCloseTo(fixture.seconds(),
                org.assertj.core.api.Assertions.within(0.03));
        assertThat(WireFormat.OGG_OPUS.query()).isEqualTo("encoding=ogg-opus&sample_rate=16000");
    }
}
