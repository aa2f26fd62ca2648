package dev.earshot.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.hostile.CraftedAudio.Crafted;
import dev.earshot.server.hostile.FlacFrames.Frame;
import dev.earshot.server.hostile.FlacFrames.StreamInfo;
import dev.earshot.server.hostile.OggPages.Page;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The generated files are what {@link CraftedAudio} says: the silence is valid FLAC and Ogg Opus (read back by
 * {@link FlacFrames} and {@link OggPages}, which recompute every CRC bit by bit), and every crafted file starts
 * with its container's magic and carries its lie at the byte its {@code lie} names.
 */
@Timeout(60)
class CraftedAudioTest {
    private static final List<Crafted> ALL = CraftedAudio.all();
    private static final List<Crafted> SILENCE = CraftedAudio.silence();
    private static final Pattern BYTE = Pattern.compile("byte (\\d+)");
    private static final long HOUR_48K = 3600 * 48_000L;

    static Stream<Crafted> all() {
        return ALL.stream();
    }

    @Test
    void allListsEachCraftedFileOnceSniffedWithALieAndAtMostTwoMegabytes() {
        assertThat(ALL).extracting(Crafted::name).containsExactly(
                "flac-streaminfo-rate-1048575", "flac-streaminfo-rate-1", "flac-8ch-655350hz",
                "flac-blocksize-65536-8ch-bomb", "flac-frame-blocksize-65536-over-max-4096", "flac-streaminfo-bps-32",
                "flac-streaminfo-bps-4", "flac-384khz-8ch-bomb", "flac-picture-16mb-truncated",
                "flac-vorbis-comment-16mb-truncated",
                "opus-head-255ch-family-255-no-mapping", "opus-head-0ch", "opus-granule-jump-2pow62",
                "ogg-page-255x255-truncated", "opus-silence-1h-bad-crc",
                "webm-sampling-frequency-1e12", "webm-channels-255", "webm-cluster-size-2pow56-truncated",
                "webm-simpleblock-size-2pow56-truncated", "webm-ebml-header-size-2pow56",
                "m4a-stsz-count-7fffffff", "m4a-timescale-1-rate-65535-channels-65535", "m4a-moov-size-fffffff0",
                "m4a-mdat-largesize-2pow62",
                "mp3-id3-256mb-no-frames", "mp3-sync-storm-1mb", "mp3-every-7th-bitrate-15",
                "mp3-every-7th-samplerate-3",
                "wav-junk-fffffffe-before-data", "wav-30-bytes", "wav-fmt-65535-channels", "wav-fmt-rate-ffffffff",
                "wav-fmt-block-align-0-bits-0", "rf64-ds64-data-2pow63", "wav-fmt-size-7fffffff");
        assertThat(ALL).allSatisfy(crafted -> {
            assertThat(crafted.query()).isEmpty();
            assertThat(crafted.valid()).isFalse();
            assertThat(crafted.lie()).endsWith(".").doesNotContain("\n");
            assertThat(crafted.bytes().length).isBetween(1, 2 << 20);
            claimedBytes(crafted).forEach(at -> assertThat(at).isLessThan(crafted.bytes().length));
        });
        assertThat(SILENCE).extracting(Crafted::name).containsExactly("flac-silence-1h", "opus-silence-1h");
        assertThat(SILENCE).allSatisfy(valid -> assertThat(valid.lie()).isEqualTo(CraftedAudio.VALID));
        assertThat(CraftedAudio.named("wav-30-bytes").bytes()).hasSize(30);
    }

    @Test
    void generationIsDeterministic() {
        List<Crafted> again = CraftedAudio.all();
        for (int i = 0; i < ALL.size(); i++) {
            assertThat(again.get(i).bytes()).as(ALL.get(i).name()).isEqualTo(ALL.get(i).bytes());
            assertThat(again.get(i).lie()).isEqualTo(ALL.get(i).lie());
        }
        assertThat(CraftedAudio.silence().get(1).bytes()).isEqualTo(SILENCE.get(1).bytes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void startsWithItsContainersMagic(Crafted crafted) {
        byte[] bytes = crafted.bytes();
        switch (crafted.name().substring(0, crafted.name().indexOf('-'))) {
            case "flac" -> assertThat(ascii(bytes, 0, 4)).isEqualTo("fLaC");
            case "opus", "ogg" -> assertThat(ascii(bytes, 0, 4)).isEqualTo("OggS");
            case "webm" -> assertThat(Arrays.copyOf(bytes, 4)).containsExactly(0x1A, 0x45, 0xDF, 0xA3);
            case "m4a" -> assertThat(ascii(bytes, 4, 4)).isEqualTo("ftyp");
            case "mp3" -> assertThat(ascii(bytes, 0, 3).equals("ID3")
                    || (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xE0) == 0xE0 && (bytes[1] & 0x06) != 0).isTrue();
            case "wav" -> assertThat(ascii(bytes, 0, 4) + ascii(bytes, 8, 4)).isEqualTo("RIFFWAVE");
            case "rf64" -> assertThat(ascii(bytes, 0, 4) + ascii(bytes, 8, 4)).isEqualTo("RF64WAVE");
            default -> throw new AssertionError("no container for " + crafted.name());
        }
    }

    // ---- valid silence -------------------------------------------------------------------------------------------

    @Test
    void flacSilenceHourIsValidFlacOfConstantFrames() {
        byte[] flac = SILENCE.get(0).bytes();
        assertThat(flac.length).isLessThanOrEqualTo(250_000);
        List<Frame> frames = assertValidFlac(flac, 16_000, 1, 16);
        StreamInfo info = FlacFrames.streamInfo(flac);
        assertThat(info.minBlock()).isEqualTo(4096);
        assertThat(info.maxBlock()).isEqualTo(4096);
        assertThat(info.totalSamples()).isEqualTo(3600 * 16_000L);
        assertThat(frames).hasSize(14_063); // 14062 blocks of 4096 and one of 2048
        assertThat(frames.subList(0, 14_062)).allSatisfy(frame -> assertThat(frame.blockCode()).isEqualTo(12));
        assertThat(frames.get(14_062).blockSize()).isEqualTo(2048);
        assertThat(Arrays.copyOfRange(flac, 26, 42)).containsOnly(0); // MD5 unknown
    }

    @ParameterizedTest(name = "{0} Hz, {1} ch, block {2}, {3} ms")
    @CsvSource({"44100, 2, 1152, 10000", "8000, 1, 192, 1500", "48000, 8, 4608, 2000", "22050, 1, 100, 1000",
            "12345, 3, 4096, 1001", "384000, 2, 65535, 500"})
    void flacSilenceOfAnyShapeHoldsExactlyItsSamples(int rateHz, int channels, int blockSize, long millis) {
        byte[] flac = CraftedAudio.flacSilence(rateHz, channels, blockSize, Duration.ofMillis(millis)).bytes();
        List<Frame> frames = assertValidFlac(flac, rateHz, channels, 16);
        long samples = rateHz * millis / 1000;
        assertThat(FlacFrames.streamInfo(flac).totalSamples()).isEqualTo(samples);
        assertThat(frames).hasSize((int) ((samples + blockSize - 1) / blockSize));
        assertThat(frames.get(0).blockSize()).isEqualTo((int) Math.min(blockSize, samples));
    }

    @Test
    void opusSilenceHourIsValidOggOpus() {
        byte[] ogg = SILENCE.get(1).bytes();
        assertThat(ogg.length).isLessThan(1_000_000);
        List<Page> pages = assertValidOpusSilence(ogg, HOUR_48K);
        assertThat(pages).hasSize(2 + 118); // 30001 packets, 255 a page
        assertThat(pages.get(pages.size() - 1).granule()).isEqualTo(48_000L * 3600 + 312);
    }

    @ParameterizedTest
    @ValueSource(longs = {20, 120, 2500, 61_000})
    void opusSilenceOfAnyLengthEndsOnItsGranule(long millis) {
        byte[] ogg = CraftedAudio.oggOpusSilence(Duration.ofMillis(millis)).bytes();
        List<Page> pages = assertValidOpusSilence(ogg, millis * 48);
        assertThat(pages.get(pages.size() - 1).granule()).isEqualTo(millis * 48 + 312);
    }

    // ---- FLAC ----------------------------------------------------------------------------------------------------

    @Test
    void flacRatesAndChannelsAreTheClaimedExtremesInStreamInfoAndFrames() {
        Crafted highest = named("flac-streaminfo-rate-1048575");
        assertThat(claimedBytes(highest)).containsExactly(18);
        byte[] bytes = highest.bytes();
        assertThat((bytes[18] & 0xFF) << 12 | (bytes[19] & 0xFF) << 4 | (bytes[20] & 0xF0) >> 4).isEqualTo(1_048_575);
        assertThat(assertValidFlac(bytes, 1_048_575, 1, 16)).allSatisfy(f -> assertThat(f.rateCode()).isZero());

        Crafted lowest = named("flac-streaminfo-rate-1");
        assertThat(assertValidFlac(lowest.bytes(), 1, 1, 16)).allSatisfy(f -> {
            assertThat(f.rateCode()).isEqualTo(13);
            assertThat(f.rateHz()).isEqualTo(1);
        });
        assertThat(FlacFrames.streamInfo(lowest.bytes()).totalSamples()).isEqualTo(65_536);

        assertThat(assertValidFlac(named("flac-8ch-655350hz").bytes(), 655_350, 8, 16)).allSatisfy(f -> {
            assertThat(f.rateCode()).isEqualTo(14);
            assertThat(f.rateHz()).isEqualTo(655_350);
            assertThat(f.channelAssignment()).isEqualTo(7);
        });
    }

    @Test
    void flacBlockSizeBombFramesClaim65536WhileStreamInfoSays65535() {
        Crafted bomb = named("flac-blocksize-65536-8ch-bomb");
        assertThat(bomb.bytes().length).isBetween(1 << 20, (1 << 20) + 100);
        StreamInfo info = FlacFrames.streamInfo(bomb.bytes());
        assertThat(info.minBlock()).isEqualTo(65_535);
        assertThat(info.maxBlock()).isEqualTo(65_535);
        List<Frame> frames = assertValidFlac(bomb.bytes(), 48_000, 8, 16);
        assertThat(frames).allSatisfy(frame -> {
            assertThat(frame.blockCode()).isEqualTo(7);
            assertThat(frame.blockSize()).isEqualTo(65_536);
        });
        assertThat(bomb.lie()).contains("all " + frames.size() + " frame headers");
        assertThat(frames.size() * 65_536L / 48_000 / 3600).isGreaterThanOrEqualTo(10); // hours of 8 channels
    }

    @Test
    void flacFramesClaimBlocksSixteenTimesStreamInfosMaximum() {
        byte[] flac = named("flac-frame-blocksize-65536-over-max-4096").bytes();
        StreamInfo info = FlacFrames.streamInfo(flac);
        assertThat(info.maxBlock()).isEqualTo(4096);
        List<Frame> frames = FlacFrames.frames(flac);
        assertThat(frames).hasSize(60).allSatisfy(frame -> {
            assertThat(frame.blockSize()).isEqualTo(65_536);
            assertThat(frame.headerCrcOk() && frame.crcOk() && frame.silent()).isTrue();
        });
        assertThat(info.totalSamples()).isEqualTo(60 * 4096L);
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 4})
    void flacBitsPerSampleIsTheClaimedExtremeAndFramesDeferToIt(int bits) {
        Crafted crafted = named("flac-streaminfo-bps-" + bits);
        byte[] bytes = crafted.bytes();
        assertThat(claimedBytes(crafted)).containsExactly(20);
        assertThat(((bytes[20] & 1) << 4 | (bytes[21] & 0xF0) >> 4) + 1).isEqualTo(bits);
        assertThat(assertValidFlac(bytes, 16_000, 1, bits)).hasSize(16)
                .allSatisfy(frame -> assertThat(frame.depthCode()).isZero());
    }

    @Test
    void flac384kHzBombIsValidAndHoursLong() {
        Crafted bomb = named("flac-384khz-8ch-bomb");
        assertThat(bomb.bytes().length).isBetween(1 << 20, (1 << 20) + 100);
        List<Frame> frames = assertValidFlac(bomb.bytes(), 384_000, 8, 16);
        assertThat(frames).allSatisfy(frame -> assertThat(frame.blockSize()).isEqualTo(65_535));
        StreamInfo info = FlacFrames.streamInfo(bomb.bytes());
        assertThat(info.maxBlock()).isEqualTo(65_535);
        assertThat(info.totalSamples() / 384_000).isGreaterThan(3600); // over an hour, in each of 8 channels
    }

    @ParameterizedTest
    @CsvSource({"flac-picture-16mb-truncated, 6", "flac-vorbis-comment-16mb-truncated, 4"})
    void flacMetadataBlockClaims16MegabytesInA100ByteFile(String name, int type) {
        Crafted crafted = named(name);
        byte[] bytes = crafted.bytes();
        assertThat(bytes).hasSize(100);
        assertThat(FlacFrames.streamInfo(bytes).last()).isFalse();
        assertThat(FlacFrames.streamInfo(bytes).rateHz()).isEqualTo(16_000);
        int header = claimedBytes(crafted).get(0);
        assertThat(header).isEqualTo(42);
        assertThat(bytes[header] & 0xFF).isEqualTo(0x80 | type);
        assertThat(uint(bytes, header + 1, 3)).isEqualTo(0xFF_FFFF);
    }

    // ---- Ogg Opus ------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"opus-head-255ch-family-255-no-mapping, 255, 255", "opus-head-0ch, 0, 0"})
    void opusHeadClaimsTheImpossibleChannels(String name, int channels, int family) {
        Crafted crafted = named(name);
        List<Page> pages = OggPages.pages(crafted.bytes());
        assertThat(pages).allSatisfy(page -> assertThat(page.crcOk()).isTrue());
        byte[] head = pages.get(0).packets().get(0);
        int at = claimedBytes(crafted).get(0);
        assertThat(ascii(crafted.bytes(), at, 8)).isEqualTo("OpusHead");
        assertThat(head).hasSize(19); // no mapping table, even for family 255
        assertThat(head[9] & 0xFF).isEqualTo(channels).isEqualTo(crafted.bytes()[at + 9] & 0xFF);
        assertThat(head[18] & 0xFF).isEqualTo(family);
        assertThat(pages.get(pages.size() - 1).granule()).isEqualTo(10 * 48_000L + 312);
    }

    @Test
    void opusGranuleJumpsTo2pow62OnTheSecondAudioPage() {
        List<Page> pages = OggPages.pages(named("opus-granule-jump-2pow62").bytes());
        assertThat(pages).allSatisfy(page -> assertThat(page.crcOk()).isTrue());
        long page = 255 * 5760L;
        assertThat(pages.subList(2, pages.size())).extracting(Page::granule)
                .containsExactly(page, 1L << 62, (1L << 62) + page, (1L << 62) + 120 * 48_000L + 312 - 2 * page);
    }

    @Test
    void oggPageAnnounces65025BytesAndTheFileEndsAfter100() {
        Crafted crafted = named("ogg-page-255x255-truncated");
        List<Page> pages = OggPages.pages(crafted.bytes());
        Page last = pages.get(pages.size() - 1);
        assertThat(last.offset()).isEqualTo(claimedBytes(crafted).get(0));
        assertThat(last.lacing()).hasSize(255).containsOnly((byte) 255);
        assertThat(last.bodyLength()).isEqualTo(65_025);
        assertThat(last.available()).isEqualTo(100);
        assertThat(last.offset() + 27 + 255 + 100).isEqualTo(crafted.bytes().length);
        assertThat(last.granule()).isEqualTo(-1);
        assertThat(pages.subList(0, pages.size() - 1)).allSatisfy(page -> {
            assertThat(page.crcOk()).isTrue();
            assertThat(page.flags() & OggOpusWriter.EOS).isZero();
        });
    }

    @Test
    void opusHourWithBadCrcsHasEveryAudioPageCrcOffByOneBit() {
        List<Page> pages = OggPages.pages(named("opus-silence-1h-bad-crc").bytes());
        assertThat(pages).hasSize(120);
        assertThat(pages.subList(0, 2)).allSatisfy(page -> assertThat(page.crcOk()).isTrue());
        assertThat(pages.subList(2, pages.size()))
                .allSatisfy(page -> assertThat(page.storedCrc() ^ page.computedCrc()).isEqualTo(1));
        assertThat(pages.get(119).granule()).isEqualTo(HOUR_48K + 312);
    }

    // ---- WebM ----------------------------------------------------------------------------------------------------

    @Test
    void webmAudioTrackClaims1e12HzAnd255Channels() {
        byte[] fixture = CraftedAudio.fixture(CraftedWebm.FIXTURE);
        Crafted rate = named("webm-sampling-frequency-1e12");
        int at = claimedBytes(rate).get(0);
        assertThat(Arrays.copyOfRange(rate.bytes(), at - 2, at)).containsExactly(0xB5, 0x88); // ID, 8-byte float
        assertThat(ByteBuffer.wrap(fixture).getDouble(at)).isEqualTo(48_000.0);
        assertThat(ByteBuffer.wrap(rate.bytes()).getDouble(at)).isEqualTo(1e12);
        assertThat(differences(fixture, rate.bytes())).isBetween(1, 8)
                .isEqualTo(differences(fixture, rate.bytes(), at, 8));

        Crafted channels = named("webm-channels-255");
        at = claimedBytes(channels).get(0);
        assertThat(Arrays.copyOfRange(channels.bytes(), at - 2, at + 1)).containsExactly(0x9F, 0x81, 0xFF);
        assertThat(fixture[at]).isEqualTo((byte) 1);
        assertThat(differences(fixture, channels.bytes())).isEqualTo(1);
    }

    @ParameterizedTest
    @CsvSource({"webm-cluster-size-2pow56-truncated, 1F43B675", "webm-simpleblock-size-2pow56-truncated, A3"})
    void webmElementClaims2pow56Minus2BytesThenTheFileEnds(String name, String id) {
        Crafted crafted = named(name);
        byte[] bytes = crafted.bytes();
        int at = claimedBytes(crafted).get(0);
        int idLength = id.length() / 2;
        assertThat(Long.toHexString(uint(bytes, at - idLength, idLength)).toUpperCase()).isEqualTo(id);
        assertThat(Arrays.copyOfRange(bytes, at, bytes.length))
                .containsExactly(0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE);
        assertThat(Ebml.read(bytes, at - idLength).size()).isEqualTo((1L << 56) - 2);
        byte[] fixture = CraftedAudio.fixture(CraftedWebm.FIXTURE);
        assertThat(Arrays.copyOf(bytes, at)).isEqualTo(Arrays.copyOf(fixture, at));
        Ebml.Element cluster = Ebml.find(fixture, Ebml.SEGMENT, Ebml.CLUSTER);
        assertThat(at).isBetween(cluster.sizeOffset(), cluster.dataOffset() + (int) cluster.size());
    }

    @Test
    void webmEbmlHeaderClaimsAnEightByteSize() {
        Crafted crafted = named("webm-ebml-header-size-2pow56");
        byte[] bytes = crafted.bytes();
        byte[] fixture = CraftedAudio.fixture(CraftedWebm.FIXTURE);
        assertThat(claimedBytes(crafted)).containsExactly(4);
        assertThat(Arrays.copyOfRange(bytes, 4, 12)).containsExactly(0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE);
        assertThat(Ebml.read(bytes, 0).size()).isEqualTo(0x00FF_FFFF_FFFF_FFFEL);
        assertThat(fixture[4] & 0xFF).isEqualTo(0x80 | 31); // the original: a 1-byte size of 31
        assertThat(Arrays.copyOfRange(bytes, 12, bytes.length))
                .isEqualTo(Arrays.copyOfRange(fixture, 5, fixture.length));
    }

    // ---- MP4 -----------------------------------------------------------------------------------------------------

    @Test
    void m4aSampleCountIs2pow31Minus1WithTheTableUnchanged() {
        Crafted crafted = named("m4a-stsz-count-7fffffff");
        byte[] fixture = CraftedAudio.fixture(CraftedMp4.FIXTURE);
        int at = claimedBytes(crafted).get(0);
        ByteBuffer bytes = ByteBuffer.wrap(crafted.bytes());
        assertThat(ascii(crafted.bytes(), at - 12, 4)).isEqualTo("stsz");
        assertThat(bytes.getInt(at)).isEqualTo(0x7FFF_FFFF);
        int real = ByteBuffer.wrap(fixture).getInt(at);
        assertThat(real).isEqualTo(657);
        assertThat(bytes.getInt(at - 16)).isEqualTo(20 + 4 * real); // the box did not grow
        assertThat(differences(fixture, crafted.bytes())).isEqualTo(differences(fixture, crafted.bytes(), at, 4));
    }

    @Test
    void m4aTimescaleIs1AndTheSampleEntrySays65535ChannelsAt65535Hz() {
        Crafted crafted = named("m4a-timescale-1-rate-65535-channels-65535");
        List<Integer> at = claimedBytes(crafted);
        ByteBuffer bytes = ByteBuffer.wrap(crafted.bytes());
        assertThat(ascii(crafted.bytes(), at.get(0) - 16, 4)).isEqualTo("mdhd"); // version 0: 4 + 4 + 4 in
        assertThat(bytes.getInt(at.get(0))).isEqualTo(1);
        int mp4a = at.get(1);
        assertThat(ascii(crafted.bytes(), mp4a + 4, 4)).isEqualTo("mp4a");
        assertThat(bytes.getShort(mp4a + 8 + 16) & 0xFFFF).isEqualTo(65_535);
        assertThat(bytes.getInt(mp4a + 8 + 24) >>> 16).isEqualTo(65_535);
        byte[] fixture = CraftedAudio.fixture(CraftedMp4.FIXTURE);
        assertThat(ByteBuffer.wrap(fixture).getInt(at.get(0))).isEqualTo(48_000);
        assertThat(ByteBuffer.wrap(fixture).getInt(mp4a + 8 + 24) >>> 16).isEqualTo(48_000);
        assertThat(differences(fixture, crafted.bytes())).isEqualTo(differences(fixture, crafted.bytes(), at.get(0), 4)
                + differences(fixture, crafted.bytes(), mp4a + 8 + 16, 2)
                + differences(fixture, crafted.bytes(), mp4a + 8 + 24, 4));
    }

    @Test
    void m4aMoovClaimsFourGigabytes() {
        Crafted crafted = named("m4a-moov-size-fffffff0");
        int at = claimedBytes(crafted).get(0);
        assertThat(ascii(crafted.bytes(), at + 4, 4)).isEqualTo("moov");
        assertThat(uint(crafted.bytes(), at, 4)).isEqualTo(0xFFFF_FFF0L);
        assertThat(differences(CraftedAudio.fixture(CraftedMp4.FIXTURE), crafted.bytes())).isBetween(1, 4);
    }

    @Test
    void m4aMdatHasLargesize2pow62AndItsSamplesStayInPlace() {
        Crafted crafted = named("m4a-mdat-largesize-2pow62");
        byte[] fixture = CraftedAudio.fixture(CraftedMp4.FIXTURE);
        int at = claimedBytes(crafted).get(0);
        ByteBuffer bytes = ByteBuffer.wrap(crafted.bytes());
        assertThat(bytes.getInt(at)).isEqualTo(1);
        assertThat(ascii(crafted.bytes(), at + 4, 4)).isEqualTo("mdat");
        assertThat(bytes.getLong(at + 8)).isEqualTo(1L << 62);
        assertThat(ascii(fixture, at + 4, 4)).isEqualTo("free");
        assertThat(ascii(fixture, at + 12, 4)).isEqualTo("mdat");
        assertThat(Arrays.copyOfRange(crafted.bytes(), at + 16, fixture.length))
                .isEqualTo(Arrays.copyOfRange(fixture, at + 16, fixture.length));
        assertThat(Arrays.copyOf(crafted.bytes(), at)).isEqualTo(Arrays.copyOf(fixture, at)); // stco untouched
    }

    // ---- MP3 -----------------------------------------------------------------------------------------------------

    @Test
    void mp3Id3TagClaims256MegabytesOverNoiseWithoutAFrameSync() {
        Crafted crafted = named("mp3-id3-256mb-no-frames");
        byte[] bytes = crafted.bytes();
        assertThat(claimedBytes(crafted)).containsExactly(6);
        assertThat(Arrays.copyOfRange(bytes, 6, 10)).containsExactly(0x7F, 0x7F, 0x7F, 0x7F);
        assertThat(MpegFrames.syncsafe(bytes, 6)).isEqualTo((1 << 28) - 1);
        assertThat(bytes).hasSize(10 + 200 * 1024);
        assertThat(Arrays.copyOfRange(bytes, 10, bytes.length)).doesNotContain(0xFF);
    }

    @Test
    void mp3SyncStormHeadersNeverPointAtTheNextHeader() {
        Crafted crafted = named("mp3-sync-storm-1mb");
        byte[] bytes = crafted.bytes();
        assertThat(bytes).hasSize(1 << 20);
        Set<Integer> headers = new TreeSet<>();
        for (int at = 0; at + 4 <= bytes.length; at++) {
            if ((bytes[at] & 0xFF) == 0xFF && (bytes[at + 1] & 0xFF) == 0xFB && MpegFrames.frameLength(bytes, at) > 0) {
                headers.add(at);
            }
        }
        assertThat(headers).contains(0);
        Matcher chunks = Pattern.compile("in (\\d+) chunks").matcher(crafted.lie());
        assertThat(chunks.find()).isTrue();
        assertThat(headers).hasSize(Integer.parseInt(chunks.group(1))).hasSizeGreaterThan(1500);
        for (int at : headers) {
            assertThat(headers).doesNotContain(at + MpegFrames.frameLength(bytes, at));
        }
    }

    @ParameterizedTest
    @CsvSource({"mp3-every-7th-bitrate-15, speech-a.16k.bare.mp3, 391, 240", // 0xF0: bitrate index 15
            "mp3-every-7th-samplerate-3, speech-a.44k-stereo.id3.mp3, 538, 12"}) // 0x0C: sample rate index 3
    void mp3EverySeventhFrameHeaderIsUnreadable(String name, String fixtureName, int frameCount, int bits) {
        Crafted crafted = named(name);
        byte[] fixture = CraftedAudio.fixture(fixtureName);
        List<Integer> frames = MpegFrames.offsets(fixture);
        assertThat(frames).hasSize(frameCount); // ffprobe's packet count (+ the Xing frame for the ID3 file)
        assertThat(claimedBytes(crafted).get(0)).isEqualTo(frames.get(6));
        for (int i = 0; i < frames.size(); i++) {
            int header = frames.get(i) + 2;
            byte expected = i % 7 == 6 ? (byte) (fixture[header] | bits) : fixture[header];
            assertThat(crafted.bytes()[header]).as("frame %d", i).isEqualTo(expected);
            assertThat(MpegFrames.frameLength(crafted.bytes(), frames.get(i)) == 0).isEqualTo(i % 7 == 6);
        }
        assertThat(differences(fixture, crafted.bytes())).isEqualTo(frameCount / 7);
    }

    // ---- WAV and RF64 --------------------------------------------------------------------------------------------

    @Test
    void wavJunkChunkSwallowsTheRealData() {
        Crafted crafted = named("wav-junk-fffffffe-before-data");
        byte[] bytes = crafted.bytes();
        int at = claimedBytes(crafted).get(0);
        assertThat(ascii(bytes, at, 4)).isEqualTo("junk");
        assertThat(le(bytes, at + 4, 4)).isEqualTo(0xFFFF_FFFEL);
        assertThat(ascii(bytes, at + 8, 4)).isEqualTo("data");
        assertThat(le(bytes, 4, 4)).isEqualTo(bytes.length - 8);
        assertThat(Arrays.copyOfRange(bytes, at + 16, bytes.length)).isEqualTo(speechPcm());
    }

    @Test
    void wavOfThirtyBytesIsAHeaderCutShort() {
        byte[] bytes = named("wav-30-bytes").bytes();
        assertThat(bytes).hasSize(30).isEqualTo(Arrays.copyOf(CraftedAudio.speechWav(), 30));
        assertThat(ascii(bytes, 12, 4)).isEqualTo("fmt ");
    }

    @ParameterizedTest
    @CsvSource({"wav-fmt-65535-channels, 22, 2, 65535", "wav-fmt-rate-ffffffff, 24, 4, 4294967295",
            "wav-fmt-block-align-0-bits-0, 32, 2, 0", "wav-fmt-size-7fffffff, 16, 4, 2147483647"})
    void wavFmtFieldHoldsTheClaimedValue(String name, int offset, int length, long value) {
        Crafted crafted = named(name);
        byte[] speech = CraftedAudio.speechWav();
        assertThat(ascii(crafted.bytes(), 12, 4)).isEqualTo("fmt ");
        assertThat(claimedBytes(crafted).get(0)).isEqualTo(offset);
        int changed = 0;
        for (int at : claimedBytes(crafted)) {
            assertThat(le(crafted.bytes(), at, length)).isEqualTo(value);
            changed += differences(speech, crafted.bytes(), at, length);
        }
        assertThat(differences(speech, crafted.bytes())).isPositive().isEqualTo(changed);
    }

    @Test
    void rf64Ds64ClaimsAnExabyteOfDataOver100KilobytesOfSpeech() {
        Crafted crafted = named("rf64-ds64-data-2pow63");
        byte[] bytes = crafted.bytes();
        assertThat(le(bytes, 4, 4)).isEqualTo(0xFFFF_FFFFL);
        assertThat(ascii(bytes, 12, 4)).isEqualTo("ds64");
        assertThat(le(bytes, 16, 4)).isEqualTo(28);
        assertThat(le(bytes, 20, 8)).isEqualTo(bytes.length - 8);
        assertThat(claimedBytes(crafted)).containsExactly(28);
        assertThat(le(bytes, 28, 8)).isEqualTo(Long.MAX_VALUE);
        RiffChunks.Chunk data = RiffChunks.find(bytes, "data");
        assertThat(data.size()).isEqualTo(0xFFFF_FFFFL);
        assertThat(Arrays.copyOfRange(bytes, data.dataOffset(), bytes.length))
                .isEqualTo(Arrays.copyOf(speechPcm(), 100 * 1024));
    }

    // ---- checks --------------------------------------------------------------------------------------------------

    /**
     * Valid FLAC of silence: STREAMINFO matches the frames (rate, channels, depth, total samples, frame sizes), and
     * every frame has both CRCs right, CONSTANT 0 subframes, the next frame number and the claimed shape.
     */
    private static List<Frame> assertValidFlac(byte[] flac, int rateHz, int channels, int bits) {
        StreamInfo info = FlacFrames.streamInfo(flac);
        assertThat(info.rateHz()).isEqualTo(rateHz);
        assertThat(info.channels()).isEqualTo(channels);
        assertThat(info.bitsPerSample()).isEqualTo(bits);
        List<Frame> frames = FlacFrames.frames(flac);
        for (int i = 0; i < frames.size(); i++) {
            Frame frame = frames.get(i);
            assertThat(frame.headerCrcOk() && frame.crcOk() && frame.silent() && frame.fixedBlockSize())
                    .as("frame %d", i).isTrue();
            assertThat(frame.number()).isEqualTo(i);
            assertThat(frame.channelAssignment()).isEqualTo(channels - 1);
            assertThat(frame.rateHz()).isIn(0, rateHz);
            assertThat(frame.bits()).isIn(0, bits);
        }
        assertThat(frames.stream().mapToLong(Frame::blockSize).sum()).isEqualTo(info.totalSamples());
        assertThat(frames.stream().mapToInt(Frame::length).min().orElseThrow()).isEqualTo(info.minFrame());
        assertThat(frames.stream().mapToInt(Frame::length).max().orElseThrow()).isEqualTo(info.maxFrame());
        return frames;
    }

    /**
     * Valid Ogg Opus silence: CRCs, sequence numbers, one serial, BOS and EOS, OpusHead and OpusTags, then 120 ms
     * packets of six empty CELT frames, each page's granule the samples so far, the last one trimmed to the length.
     */
    private static List<Page> assertValidOpusSilence(byte[] ogg, long samples48k) {
        List<Page> pages = OggPages.pages(ogg);
        for (int i = 0; i < pages.size(); i++) {
            Page page = pages.get(i);
            assertThat(page.crcOk() && !page.truncated()).as("page %d", i).isTrue();
            assertThat(page.sequence()).isEqualTo(i);
            assertThat(page.serial()).isEqualTo(pages.get(0).serial());
            assertThat(page.flags()).isEqualTo(i == 0 ? 2 : i == pages.size() - 1 ? 4 : 0);
        }
        ByteBuffer head = ByteBuffer.wrap(pages.get(0).packets().get(0)).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(ascii(head.array(), 0, 8)).isEqualTo("OpusHead");
        assertThat(head.capacity()).isEqualTo(19);
        assertThat(new int[] {head.get(8), head.get(9), head.getShort(10), head.getInt(12), head.getShort(16),
                head.get(18)}).containsExactly(1, 1, 312, 16_000, 0, 0);
        byte[] tags = pages.get(1).packets().get(0);
        int vendor = (int) le(tags, 8, 4);
        assertThat(ascii(tags, 0, 8)).isEqualTo("OpusTags");
        assertThat(tags).hasSize(8 + 4 + vendor + 4);
        assertThat(le(tags, 12 + vendor, 4)).isZero();
        assertThat(pages.get(0).granule()).isZero();
        assertThat(pages.get(1).granule()).isZero();
        assertAudioPages(pages.subList(2, pages.size()), samples48k + 312);
        return pages;
    }

    private static void assertAudioPages(List<Page> audio, long end) {
        long packets = 0;
        for (Page page : audio) {
            assertThat(page.lacing().length).isBetween(1, 255);
            for (byte[] packet : page.packets()) {
                assertThat(packet).containsExactly(0xFB, 0x06);
                int config = (packet[0] & 0xFF) >> 3;
                assertThat(config).isEqualTo(31); // CELT-only fullband 20 ms: 960 samples a frame
                assertThat(packet[0] & 3).isEqualTo(3); // frame count code 3: the count byte says how many
                assertThat(packet[1] & 0xC0).isZero(); // constant bitrate, no padding: 0-byte frames
            }
            packets += page.packets().size();
            boolean last = page == audio.get(audio.size() - 1);
            assertThat(page.granule()).isEqualTo(last ? end : packets * 6 * 960);
        }
        assertThat(packets * 6 * 960).isGreaterThanOrEqualTo(end).isLessThan(end + 6 * 960);
    }

    /** From the lists made once for this class, not made again as {@link CraftedAudio#named} would. */
    private static Crafted named(String name) {
        return Stream.concat(ALL.stream(), SILENCE.stream()).filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow();
    }

    /** Every "byte N" in the lie, in order. */
    private static List<Integer> claimedBytes(Crafted crafted) {
        List<Integer> offsets = new ArrayList<>();
        Matcher matcher = BYTE.matcher(crafted.lie());
        while (matcher.find()) {
            offsets.add(Integer.parseInt(matcher.group(1)));
        }
        return offsets;
    }

    private static byte[] speechPcm() {
        byte[] speech = CraftedAudio.speechWav();
        RiffChunks.Chunk data = RiffChunks.find(speech, "data");
        return Arrays.copyOfRange(speech, data.dataOffset(), speech.length);
    }

    private static int differences(byte[] original, byte[] patched) {
        assertThat(patched).hasSameSizeAs(original);
        return differences(original, patched, 0, original.length);
    }

    private static int differences(byte[] original, byte[] patched, int from, int length) {
        int count = 0;
        for (int i = from; i < from + length; i++) {
            count += original[i] != patched[i] ? 1 : 0;
        }
        return count;
    }

    private static String ascii(byte[] bytes, int offset, int length) {
        return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
    }

    private static long uint(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }
        return value;
    }

    private static long le(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = length - 1; i >= 0; i--) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }
        return value;
    }
}
