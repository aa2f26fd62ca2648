package dev.earshot.server.audio.container;

import dev.earshot.server.Settings;
import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmDecoderTest;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.PcmDecoder;
import dev.earshot.server.audio.SampleFormat;
import dev.earshot.server.audio.UndecodableAudioException;

import static dev.earshot.server.audio.container.WavBytes.ascii;
import static dev.earshot.server.audio.container.WavBytes.canonical;
import static dev.earshot.server.audio.container.WavBytes.le;
import static dev.earshot.server.audio.container.WavBytes.s16;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** WAV parsed as it streams in, whatever the frame boundaries. */
@Timeout(30)
class WavDecoderTest {
    private static final int[] RAMP = {0, 1000, -1000, 16384, -16384, 32767, -32768, 7, -7, 12345};

    /** Decodes {@code data} in pieces of the given sizes (the last piece takes the rest); joined samples. */
    static float[][] decodeInPieces(AudioDecoder decoder, byte[] data, int channels, int... sizes)
            throws UndecodableAudioException {
        List<PcmBlock> blocks = new ArrayList<>();
        int position = 0;
        for (int size : sizes) {
            int length = Math.min(size, data.length - position);
            blocks.add(decoder.decode(data, position, length));
            position += length;
        }
        blocks.add(decoder.decode(data, position, data.length - position));
        return PcmDecoderTest.join(channels, blocks);
    }

    static float[][] decodeWhole(AudioDecoder decoder, byte[] data, int channels) throws UndecodableAudioException {
        return decodeInPieces(decoder, data, channels);
    }

    static float[][] decodeByteByByte(AudioDecoder decoder, byte[] data, int channels) throws UndecodableAudioException {
        int[] ones = new int[data.length];
        Arrays.fill(ones, 1);
        return decodeInPieces(decoder, data, channels, ones);
    }

    static float[][] decodeRandomly(AudioDecoder decoder, byte[] data, int channels, Random random)
            throws UndecodableAudioException {
        List<Integer> sizes = new ArrayList<>();
        for (int total = 0; total < data.length; ) {
            int size = random.nextInt(60);
            sizes.add(size);
            total += size;
        }
        return decodeInPieces(decoder, data, channels, sizes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** What the data chunk holds, decoded directly as raw PCM. */
    static float[][] expected(AudioFormat format, byte[] samples) {
        return PcmDecoderTest.trimmed(new PcmDecoder(format).decode(samples, 0, samples.length));
    }

    /** Feeds byte by byte until the decoder throws; the exception and how many bytes had been fed. */
    static Rejection feedUntilRejected(AudioDecoder decoder, byte[] data) {
        for (int i = 0; i < data.length; i++) {
            try {
                decoder.decode(data, i, 1);
            } catch (UndecodableAudioException e) {
                return new Rejection(e.getMessage(), i + 1);
            }
        }
        throw new AssertionError("never rejected " + data.length + " bytes");
    }

    record Rejection(String message, int bytesFed) {
    }

    private static void assertSameEverySplit(Supplier<AudioDecoder> decoders, byte[] wav, AudioFormat format,
                                             byte[] samples) throws UndecodableAudioException {
        float[][] expected = expected(format, samples);
        int channels = format.channels();
        AudioDecoder whole = decoders.get();
        assertThat(decodeWhole(whole, wav, channels)).isDeepEqualTo(expected);
        assertThat(whole.format()).contains(format);
        AudioDecoder bytewise = decoders.get();
        assertThat(decodeByteByByte(bytewise, wav, channels)).isDeepEqualTo(expected);
        assertThat(bytewise.format()).contains(format);
        Random random = new Random(1234);
        for (int round = 0; round < 25; round++) {
            assertThat(decodeRandomly(decoders.get(), wav, channels, random)).as("round %d", round).isDeepEqualTo(expected);
        }
        for (int split = 0; split <= wav.length; split++) {
            assertThat(decodeInPieces(decoders.get(), wav, channels, split)).as("split at %d", split)
                    .isDeepEqualTo(expected);
        }
    }

    @Test
    void canonicalHeaderWholeBytewiseAndRandomSplits() throws Exception {
        byte[] samples = s16(RAMP);
        byte[] wav = canonical(WavBytes.PCM, 1, 16_000, 16, samples);
        assertThat(wav).hasSize(44 + samples.length);
        assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, new AudioFormat(SampleFormat.S16LE, 16_000, 1), samples);
        float[][] decoded = decodeWhole(new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, 1);
        assertThat(decoded[0]).containsExactly(0f, 1000f / 32768, -1000f / 32768, 0.5f, -0.5f, 32767f / 32768, -1f,
                7f / 32768, -7f / 32768, 12345f / 32768);
    }

    @Test
    void formatIsKnownOnceFmtIsParsedBeforeAnyData() throws Exception {
        byte[] wav = canonical(WavBytes.PCM, 2, 44_100, 16, s16(1, 2, 3, 4));
        WavDecoder decoder = new WavDecoder(Settings.DecodeLimits.DEFAULTS);
        assertThat(decoder.format()).isEmpty();
        decoder.decode(wav, 0, 35);
        assertThat(decoder.format()).isEmpty();
        PcmBlock block = decoder.decode(wav, 35, 1);
        assertThat(block.frames()).isZero();
        assertThat(decoder.format()).contains(new AudioFormat(SampleFormat.S16LE, 44_100, 2));
    }

    @Test
    void extraChunksBeforeAndBetweenAreSkippedIncludingOddPadding() throws Exception {
        byte[] samples = s16(RAMP);
        byte[] wav = WavBytes.riff()
                .chunk("LIST", ascii("INFOISFT\u000e\u0000\u0000\u0000Lavf60.3.100\u0000\u0000"))
                .fmt(WavBytes.PCM, 1, 16_000, 16)
                .chunk("junk", new byte[]{1, 2, 3}) // odd: followed by one pad byte
                .chunk("fact", le(4).putInt(10).array())
                .chunk("odd!", new byte[]{9}) // odd again
                .chunk("empt", new byte[0])
                .data(samples).build();
        assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, new AudioFormat(SampleFormat.S16LE, 16_000, 1), samples);
    }

    @Test
    void extensiblePcm24Stereo() throws Exception {
        ByteBuffer buffer = le(4 * 3 * 2);
        for (int value : new int[]{0x400000, -0x400000, 0x7FFFFF, -0x800000, 1, -1, 0, 0x123456}) {
            buffer.put((byte) value).put((byte) (value >> 8)).put((byte) (value >> 16));
        }
        byte[] samples = buffer.array();
        byte[] wav = WavBytes.riff().fmtExtensible(WavBytes.PCM, 2, 48_000, 24, 24).data(samples).build();
        AudioFormat format = new AudioFormat(SampleFormat.S24LE, 48_000, 2);
        assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, format, samples);
        float[][] decoded = decodeWhole(new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, 2);
        assertThat(decoded[0]).containsExactly(0.5f, 8388607f / 8388608, 1f / 8388608, 0f);
        assertThat(decoded[1]).containsExactly(-0.5f, -1f, -1f / 8388608, 0x123456 / 8388608f);
    }

    @Test
    void extensibleFloat() throws Exception {
        byte[] samples = le(12).putFloat(0.25f).putFloat(-0.5f).putFloat(3f).array();
        byte[] wav = WavBytes.riff().fmtExtensible(WavBytes.FLOAT, 1, 16_000, 32, 32).data(samples).build();
        WavDecoder decoder = new WavDecoder(Settings.DecodeLimits.DEFAULTS);
        assertThat(decodeWhole(decoder, wav, 1)[0]).containsExactly(0.25f, -0.5f, 1f);
        assertThat(decoder.format()).contains(new AudioFormat(SampleFormat.F32LE, 16_000, 1));
    }

    @Test
    void mulawWav() throws Exception {
        byte[] samples = {(byte) 0xFF, 0x00, (byte) 0x80, 0x7F};
        byte[] wav = WavBytes.riff().chunk("fmt ", le(18).putShort((short) WavBytes.MULAW).putShort((short) 1)
                .putInt(8000).putInt(8000).putShort((short) 1).putShort((short) 8).putShort((short) 0).array())
                .chunk("fact", le(4).putInt(4).array()).data(samples).build();
        assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, new AudioFormat(SampleFormat.MULAW, 8_000, 1), samples);
        assertThat(decodeWhole(new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, 1)[0]).containsExactly(0f, -32124f / 32768, 32124f / 32768, 0f);
    }

    @Test
    void alawWav() throws Exception {
        byte[] samples = {(byte) 0xD5, 0x55, (byte) 0xAA, 0x2A};
        byte[] wav = canonical(WavBytes.ALAW, 1, 8_000, 8, samples);
        assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, new AudioFormat(SampleFormat.ALAW, 8_000, 1), samples);
        assertThat(decodeWhole(new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, 1)[0])
                .containsExactly(8f / 32768, -8f / 32768, 32256f / 32768, -32256f / 32768);
    }

    @Test
    void floatWavs() throws Exception {
        byte[] f32 = le(16).putFloat(0.5f).putFloat(-0.25f).putFloat(Float.NaN).putFloat(-9f).array();
        assertThat(decodeWhole(new WavDecoder(Settings.DecodeLimits.DEFAULTS), canonical(WavBytes.FLOAT, 1, 16_000, 32, f32), 1)[0])
                .containsExactly(0.5f, -0.25f, 0f, -1f);
        byte[] f64 = le(16).putDouble(0.75).putDouble(-0.125).array();
        WavDecoder decoder = new WavDecoder(Settings.DecodeLimits.DEFAULTS);
        assertThat(decodeWhole(decoder, canonical(WavBytes.FLOAT, 1, 22_050, 64, f64), 1)[0])
                .containsExactly(0.75f, -0.125f);
        assertThat(decoder.format()).contains(new AudioFormat(SampleFormat.F64LE, 22_050, 1));
    }

    @Test
    void integerWidths() throws Exception {
        WavDecoder u8 = new WavDecoder(Settings.DecodeLimits.DEFAULTS);
        assertThat(decodeWhole(u8, canonical(WavBytes.PCM, 1, 8_000, 8, new byte[]{(byte) 0x80, 0, (byte) 0xC0, 0x40}), 1)[0])
                .containsExactly(0f, -1f, 0.5f, -0.5f);
        assertThat(u8.format()).contains(new AudioFormat(SampleFormat.U8, 8_000, 1));
        WavDecoder s32 = new WavDecoder(Settings.DecodeLimits.DEFAULTS);
        assertThat(decodeWhole(s32, canonical(WavBytes.PCM, 1, 96_000, 32, le(8).putInt(1 << 30).putInt(-(1 << 30)).array()), 1)[0])
                .containsExactly(0.5f, -0.5f);
        assertThat(s32.format()).contains(new AudioFormat(SampleFormat.S32LE, 96_000, 1));
    }

    @Test
    void dataChunkSizeIsHonouredAndATrailingListIsNotAudio() throws Exception {
        byte[] samples = s16(RAMP);
        byte[] trailer = WavBytes.concat(ascii("LIST"), le(4).putInt(26).array(), ascii("INFOICMT"),
                le(4).putInt(14).array(), ascii("not audio!!!!!"));
        byte[] wav = WavBytes.concat(canonical(WavBytes.PCM, 1, 16_000, 16, samples), trailer);
        assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, new AudioFormat(SampleFormat.S16LE, 16_000, 1), samples);
        assertThat(decodeWhole(new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, 1)[0]).hasSize(RAMP.length);
    }

    @Test
    void oddSizedDataChunkStopsAtItsSize() throws Exception {
        byte[] samples = {(byte) 0x80, (byte) 0xC0, 0x40};
        byte[] wav = WavBytes.riff().fmt(WavBytes.PCM, 1, 8_000, 8).chunk("data", samples)
                .chunk("id3 ", new byte[]{1, 2, 3, 4, 5, 6}).build();
        assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, new AudioFormat(SampleFormat.U8, 8_000, 1), samples);
    }

    @Test
    void zeroOrAllOnesDataSizeMeansUntilTheEnd() throws Exception {
        byte[] samples = s16(RAMP);
        for (long marker : new long[]{0L, 0xFFFFFFFFL}) {
            byte[] wav = WavBytes.riff().fmt(WavBytes.PCM, 1, 16_000, 16).rawChunk("data", marker, samples).build();
            assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, new AudioFormat(SampleFormat.S16LE, 16_000, 1), samples);
            // streaming writers keep appending: later calls are audio too
            WavDecoder decoder = new WavDecoder(Settings.DecodeLimits.DEFAULTS);
            decoder.decode(wav, 0, wav.length);
            byte[] more = s16(5, 6, 7);
            assertThat(decoder.decode(more, 0, more.length).frames()).isEqualTo(3);
        }
    }

    @Test
    void rf64IsAccepted() throws Exception {
        byte[] samples = s16(RAMP);
        byte[] ds64 = le(28).putLong(0).putLong(samples.length).putLong(RAMP.length).putInt(0).array();
        byte[] wav = WavBytes.rf64().chunk("ds64", ds64).fmt(WavBytes.PCM, 1, 16_000, 16)
                .rawChunk("data", 0xFFFFFFFFL, samples).build();
        assertThat(new String(wav, 0, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("RF64");
        assertSameEverySplit(() -> new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, new AudioFormat(SampleFormat.S16LE, 16_000, 1), samples);
    }

    @Test
    void dataBeforeFmtIsRejected() {
        byte[] wav = WavBytes.riff().data(s16(1, 2)).fmt(WavBytes.PCM, 1, 16_000, 16).build();
        Rejection rejection = feedUntilRejected(new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav);
        assertThat(rejection.message()).isEqualTo("WAV data chunk comes before the fmt chunk that describes it");
        assertThat(rejection.bytesFed()).isEqualTo(20); // RIFF header 12 + data chunk header 8
    }

    @Test
    void badChannelCountsAreRejected() {
        assertThat(rejectWhole(canonical(WavBytes.PCM, 0, 16_000, 16, s16(1))))
                .isEqualTo("the WAV header declares 0 channels; this server takes 1 to 255");
        assertThat(rejectWhole(canonical(WavBytes.PCM, 256, 16_000, 16, s16(1))))
                .isEqualTo("the WAV header declares 256 channels; this server takes 1 to 255");
    }

    @Test
    void unusableSampleRatesAreRejected() {
        assertThat(rejectWhole(canonical(WavBytes.PCM, 1, 500, 16, s16(1))))
                .isEqualTo("the WAV header declares a sample rate of 500 Hz; this server takes 1000 to 384000 Hz");
        assertThat(rejectWhole(canonical(WavBytes.PCM, 1, 0, 16, s16(1))))
                .isEqualTo("the WAV header declares a sample rate of 0 Hz; this server takes 1000 to 384000 Hz");
    }

    @Test
    void unsupportedBitDepthsAreRejected() {
        assertThat(rejectWhole(canonical(WavBytes.PCM, 1, 16_000, 12, s16(1))))
                .isEqualTo("WAV PCM with 12 bits per sample is not supported");
        assertThat(rejectWhole(canonical(WavBytes.FLOAT, 1, 16_000, 16, s16(1))))
                .isEqualTo("WAV float with 16 bits per sample is not supported");
    }

    @Test
    void unsupportedCodecTagsAreRejected() {
        assertThat(rejectWhole(canonical(0x0055, 1, 16_000, 0, new byte[8])))
                .isEqualTo("WAV with codec tag 0x0055 is not supported; send PCM, float, mu-law or A-law WAV");
        assertThat(rejectWhole(canonical(0x0002, 1, 16_000, 4, new byte[8])))
                .startsWith("WAV with codec tag 0x0002 is not supported");
        assertThat(rejectWhole(WavBytes.riff().fmtExtensible(0x0055, 1, 16_000, 16, 16).data(s16(1)).build()))
                .startsWith("WAV with codec tag 0x0055 is not supported");
    }

    @Test
    void badFmtSizesAreRejected() {
        assertThat(rejectWhole(WavBytes.riff().rawChunk("fmt ", 8, new byte[8]).build()))
                .isEqualTo("WAV header has a bad fmt chunk size (8 bytes)");
        assertThat(rejectWhole(WavBytes.riff().rawChunk("fmt ", 5000, new byte[8]).build()))
                .isEqualTo("WAV header has a bad fmt chunk size (5000 bytes)");
    }

    @Test
    void headerErrorsAreRaisedAsSoonAsTheFieldIsComplete() {
        byte[] wav = canonical(WavBytes.PCM, 1, 16_000, 12, s16(1, 2, 3));
        Rejection rejection = feedUntilRejected(new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav);
        assertThat(rejection.bytesFed()).isEqualTo(36); // end of the 16-byte fmt body
    }

    @Test
    void aChunkThatClaimsMoreThanTheHeaderLimitIsRejectedAtItsOwnHeader() throws Exception {
        byte[] head = WavBytes.riff().fmt(WavBytes.PCM, 1, 16_000, 16).build();
        byte[] lying = WavBytes.concat(head, new byte[] {'j', 'u', 'n', 'k', (byte) 0xFE, (byte) 0xFF, (byte) 0xFF,
                (byte) 0xFF});
        WavDecoder decoder = new WavDecoder(Settings.DecodeLimits.DEFAULTS);
        assertThat(decoder.decode(head, 0, head.length).frames()).isZero();
        UndecodableAudioException rejected = catchThrowableOfType(UndecodableAudioException.class,
                () -> decoder.decode(lying, head.length, 8));
        assertThat(rejected).isNotNull();
        assertThat(rejected.getMessage()).isEqualTo("the WAV header's 'junk' chunk claims 4294967294 bytes; this"
                + " server takes at most 1048576 bytes of header");
    }

    @Test
    void aHeaderOverOneMebibyteWithoutDataIsRejected() {
        byte[] wav = WavBytes.riff().fmt(WavBytes.PCM, 1, 16_000, 16).chunk("junk", new byte[600 << 10])
                .chunk("LIST", new byte[600 << 10]).data(s16(1, 2)).build();
        WavDecoder decoder = new WavDecoder(Settings.DecodeLimits.DEFAULTS);
        int fed = 0;
        UndecodableAudioException rejected = null;
        while (fed < wav.length && rejected == null) {
            int size = Math.min(4096, wav.length - fed);
            try {
                decoder.decode(wav, fed, size);
            } catch (UndecodableAudioException e) {
                rejected = e;
            }
            fed += size;
        }
        assertThat(rejected).isNotNull();
        assertThat(rejected.getMessage()).isEqualTo("WAV header has no data chunk within the first 1048576 bytes");
        assertThat(fed).isEqualTo(257 * 4096); // the piece holding header byte 1 MiB + 1
    }

    @Test
    void aHeaderJustUnderOneMebibyteIsFine() throws Exception {
        int junk = (1 << 20) - 12 - 24 - 8 - 8;
        byte[] samples = s16(RAMP);
        byte[] wav = WavBytes.riff().fmt(WavBytes.PCM, 1, 16_000, 16).chunk("junk", new byte[junk]).data(samples).build();
        float[][] decoded = decodeInPieces(new WavDecoder(Settings.DecodeLimits.DEFAULTS), wav, 1, 1000, 70_000, 500_000);
        assertThat(decoded).isDeepEqualTo(expected(new AudioFormat(SampleFormat.S16LE, 16_000, 1), samples));
    }

    private static String rejectWhole(byte[] wav) {
        UndecodableAudioException e = catchThrowableOfType(UndecodableAudioException.class,
                () -> new WavDecoder(Settings.DecodeLimits.DEFAULTS).decode(wav, 0, wav.length));
        assertThat(e).as("must be rejected").isNotNull();
        return e.getMessage();
    }

    @Test
    void wavFilesSentOneAfterAnotherAreOneStream() throws Exception {
        byte[] first = canonical(WavBytes.PCM, 1, 16_000, 16, s16(1, 2, 3));
        byte[] second = canonical(WavBytes.PCM, 1, 16_000, 16, s16(4, 5));
        float[][] decoded = decodeByteByByte(new WavDecoder(Settings.DecodeLimits.DEFAULTS), WavBytes.concat(first, second), 1);
        assertThat(decoded[0]).containsExactly(1 / 32768f, 2 / 32768f, 3 / 32768f, 4 / 32768f, 5 / 32768f);
        byte[] otherRate = canonical(WavBytes.PCM, 1, 8_000, 16, s16(4, 5));
        Rejection changed = feedUntilRejected(new WavDecoder(Settings.DecodeLimits.DEFAULTS), WavBytes.concat(first, otherRate));
        assertThat(changed.message()).startsWith("the WAV stream changed format");
    }
}
