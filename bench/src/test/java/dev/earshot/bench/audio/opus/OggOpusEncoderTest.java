package dev.earshot.bench.audio.opus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.earshot.bench.audio.Fixture;
import dev.earshot.bench.audio.Fixtures;
import dev.earshot.server.Settings.DecodeLimits;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.PcmSource;
import dev.earshot.server.audio.ffmpeg.Ffmpeg;
import dev.earshot.server.audio.ffmpeg.FfmpegDecoders;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The Ogg/Opus a browser or VoIP client would send: a valid stream that decodes back to the fixture's length. */
@Timeout(60)
class OggOpusEncoderTest {
    @Test
    void aFixtureBecomesAnOggOpusStreamOfPagesOfAboutATenthOfASecond() throws Exception {
        Fixture fixture = Fixtures.bundled().get(0);
        byte[] ogg = OggOpusEncoder.encode(fixture.pcm(), fixture.sampleRateHz());
        List<OggPages.Page> pages = OggPages.read(ogg);

        assertThat(pages).allMatch(OggPages.Page::crcMatches);
        assertThat(pages.get(0).first()).isTrue();
        assertThat(pages.get(0).bodyStartsWith("OpusHead")).isTrue();
        assertThat(pages.get(1).bodyStartsWith("OpusTags")).isTrue();
        assertThat(pages.get(pages.size() - 1).last()).isTrue();
        OggPages.Page head = pages.get(0);
        ByteBuffer le = ByteBuffer.wrap(head.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(head.body()[9]).as("channels").isEqualTo((byte) 1);
        assertThat(le.getInt(12)).as("input sample rate").isEqualTo(fixture.sampleRateHz());
        int preSkip = le.getShort(10) & 0xFFFF;
        long samples48k = pages.get(pages.size() - 1).granule() - preSkip;
        assertThat(samples48k / 48_000.0).isCloseTo(fixture.seconds(), offset(0.021));
        // 32 kbit/s, give or take the encoder's rate control and the pages' headers
        double kbps = ogg.length * 8 / fixture.seconds() / 1000;
        assertThat(kbps).isBetween(20.0, 45.0);
        for (int i = 3; i < pages.size() - 1; i++) {
            double pageMs = (pages.get(i).granule() - pages.get(i - 1).granule()) / 48.0;
            assertThat(pageMs).as("page %d", i).isBetween(20.0, 120.0);
        }
    }

    @Test
    void theServersOwnDecoderReadsItBackToTheFixturesLength() throws Exception {
        Fixture fixture = Fixtures.bundled().get(1);
        byte[] ogg = OggOpusEncoder.encode(fixture.pcm(), fixture.sampleRateHz());
        ExecutorService threads = Executors.newSingleThreadExecutor();
        try (PcmSource decoded = new FfmpegDecoders(Ffmpeg.load(), threads, Duration.ofSeconds(10),
                DecodeLimits.DEFAULTS).file(ogg, "ogg")) {
            long frames = 0;
            for (PcmBlock block = decoded.next(); block.frames() > 0 || !decoded.exhausted(); block = decoded.next()) {
                frames += block.frames();
            }
            int rate = decoded.format().orElseThrow().sampleRateHz();
            assertThat(frames / (double) rate).isCloseTo(fixture.seconds(), offset(0.021));
        } finally {
            threads.shutdownNow();
        }
    }
}
