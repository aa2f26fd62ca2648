package dev.earshot.server.audio.container;

import dev.earshot.server.Settings;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmDecoderTest;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.SampleFormat;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.codec.ContainerDecoder;

import static dev.earshot.server.audio.container.WavBytes.ascii;
import static dev.earshot.server.audio.container.WavBytes.canonical;
import static dev.earshot.server.audio.container.WavBytes.concat;
import static dev.earshot.server.audio.container.WavBytes.s16;
import static dev.earshot.server.audio.container.WavDecoderTest.decodeByteByByte;
import static dev.earshot.server.audio.container.WavDecoderTest.decodeInPieces;
import static dev.earshot.server.audio.container.WavDecoderTest.decodeRandomly;
import static dev.earshot.server.audio.container.WavDecoderTest.decodeWhole;
import static dev.earshot.server.audio.container.WavDecoderTest.expected;
import static dev.earshot.server.audio.container.WavDecoderTest.feedUntilRejected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.earshot.server.audio.container.WavDecoderTest.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** live-api.md §2: audio without {@code encoding} is sniffed from its first bytes, split however they arrive. */
@Timeout(30)
class ContainerDecoderTest {
    private static final byte[] SAMPLES = s16(0, 1000, -1000, 16384, -16384, 32767, -32768, 7, -7, 12345, 1, 2);
    private static final AudioFormat FORMAT = new AudioFormat(SampleFormat.S16LE, 16_000, 2);
    private static final byte[] WAV = canonical(WavBytes.PCM, 2, 16_000, 16, SAMPLES);
    /** What the test opener says when the sniffer hands it a container other than WAV. */
    private static final String UNSUPPORTED = " recognised";

    /** The sniffer with WAV decoded for real and every other container reported by name. */
    private static ContainerDecoder sniffer() {
        return new ContainerDecoder(container -> {
            if (container == Container.WAV) {
                return new WavDecoder(Settings.DecodeLimits.DEFAULTS);
            }
            throw new UndecodableAudioException(container.displayName() + UNSUPPORTED);
        });
    }

    @Test
    void wavWholeBytewiseAndRandomSplitsGiveTheSameSamplesAndFormat() throws Exception {
        float[][] expected = expected(FORMAT, SAMPLES);
        ContainerDecoder whole = sniffer();
        assertThat(whole.format()).isEmpty();
        assertThat(decodeWhole(whole, WAV, 2)).isDeepEqualTo(expected);
        assertThat(whole.format()).contains(FORMAT);
        ContainerDecoder bytewise = sniffer();
        assertThat(decodeByteByByte(bytewise, WAV, 2)).isDeepEqualTo(expected);
        assertThat(bytewise.format()).contains(FORMAT);
        Random random = new Random(99);
        for (int round = 0; round < 50; round++) {
            assertThat(decodeRandomly(sniffer(), WAV, 2, random)).isDeepEqualTo(expected);
        }
        for (int split = 0; split <= WAV.length; split++) {
            assertThat(decodeInPieces(sniffer(), WAV, 2, split)).as("split at %d", split)
                    .isDeepEqualTo(expected);
        }
        for (int first = 0; first <= 20; first++) {
            for (int second = 0; second <= 20; second++) {
                assertThat(decodeInPieces(sniffer(), WAV, 2, first, second))
                        .as("pieces %d, %d", first, second).isDeepEqualTo(expected);
            }
        }
    }

    @Test
    void aSignatureSplitAcrossCallsIsRecognised() throws Exception {
        ContainerDecoder decoder = sniffer();
        assertThat(decoder.decode(WAV, 0, 2).frames()).isZero(); // "RI"
        assertThat(decoder.format()).isEmpty();
        PcmBlock rest = decoder.decode(WAV, 2, WAV.length - 2);
        assertThat(PcmDecoderTest.trimmed(rest)).isDeepEqualTo(expected(FORMAT, SAMPLES));
        assertThat(decoder.format()).contains(FORMAT);
    }

    @Test
    void emptyCallsBeforeTheSignatureDoNothing() throws Exception {
        ContainerDecoder decoder = sniffer();
        assertThat(decoder.decode(new byte[0], 0, 0).frames()).isZero();
        assertThat(decoder.decode(WAV, 0, 12).frames()).isZero();
        assertThat(decoder.decode(new byte[0], 0, 0).frames()).isZero();
        assertThat(decodeInPieces(decoder, java.util.Arrays.copyOfRange(WAV, 12, WAV.length), 2))
                .isDeepEqualTo(expected(FORMAT, SAMPLES));
    }

    @Test
    void wavErrorsComeThrough() {
        byte[] wav = canonical(WavBytes.PCM, 0, 16_000, 16, SAMPLES);
        assertThat(feedUntilRejected(sniffer(), wav).message()).isEqualTo("the WAV header declares 0 channels; this server takes 1 to 255");
    }

    @Test
    void plainTextIsRejectedAsSoonAsNoSignatureFits() {
        // No signature starts with 'h'; only MP4 ("ftyp" at offset 4, after an arbitrary box size) is possible
        // until the fifth byte rules it out.
        Rejection rejection = feedUntilRejected(sniffer(), ascii("hello world"));
        assertThat(rejection.bytesFed()).isEqualTo(5);
        assertThat(rejection.message()).isEqualTo("no known container (first bytes 68656c6c6f); "
                + "for raw audio give encoding and sample_rate");
    }

    @Test
    void keepAliveSentAsBinaryIsRejectedAtTheFifthByte() {
        Rejection rejection = feedUntilRejected(sniffer(),
                "{\"type\":\"KeepAlive\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(rejection.bytesFed()).isEqualTo(5);
        assertThat(rejection.message()).contains("first bytes 7b22747970");
    }

    @Test
    void zerosAreRejectedAtTheFifthByte() {
        Rejection rejection = feedUntilRejected(sniffer(), new byte[32]);
        assertThat(rejection.bytesFed()).isEqualTo(5);
        assertThat(rejection.message()).contains("first bytes 0000000000)");
    }

    @Test
    void pngIsRejectedAtTheFifthByte() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        assertThat(feedUntilRejected(sniffer(), png).bytesFed()).isEqualTo(5);
    }

    @Test
    void garbageFedWholeQuotesItsFirstEightBytes() {
        byte[] text = ascii("hello world, this is not audio");
        UndecodableAudioException e = catchThrowableOfType(UndecodableAudioException.class,
                () -> sniffer().decode(text, 0, text.length));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("no known container (first bytes 68656c6c6f20776f); "
                + "for raw audio give encoding and sample_rate");
    }

    @Test
    void randomBytesAreRejectedWithinTheSniffWindow() {
        Set<Integer> signatureStarts = Set.of((int) 'R', (int) 'O', 0x1A, (int) 'f', (int) 'I', 0xFF, (int) '#',
                (int) 'F', (int) 'c');
        int exact = 0;
        for (int seed = 0; seed < 200; seed++) {
            byte[] random = new byte[64];
            new Random(seed).nextBytes(random);
            Rejection rejection;
            try {
                rejection = feedUntilRejected(sniffer(), random);
            } catch (AssertionError maybeAudio) {
                continue; // vanishingly unlikely: random bytes that form a signature
            }
            assertThat(rejection.bytesFed()).as("seed %d", seed).isBetween(1, Container.SNIFF_BYTES);
            if (!signatureStarts.contains(random[0] & 0xFF) && random[4] != 'f') {
                assertThat(rejection.bytesFed()).as("seed %d", seed).isEqualTo(5);
                exact++;
            }
        }
        assertThat(exact).isGreaterThan(150);
    }

    @Test
    void aRiffThatIsNotWaveIsRejectedAtTheFormType() {
        byte[] avi = concat(ascii("RIFF"), new byte[]{0x24, 0, 0, 0}, ascii("AVI LIST"));
        Rejection rejection = feedUntilRejected(sniffer(), avi);
        assertThat(rejection.bytesFed()).isEqualTo(9);
        assertThat(rejection.message()).startsWith("no known container (first bytes 5249464624000000)");
    }

    @Test
    void anIffThatIsNotAiffIsRejected() {
        byte[] svx = concat(ascii("FORM"), new byte[]{0x24, 0, 0, 0}, ascii("8SVXVHDR"));
        assertThat(feedUntilRejected(sniffer(), svx).bytesFed()).isEqualTo(9);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Ogg           | 4f67675300020000000000000000",
            "WebM/Matroska | 1a45dfa39f4286810142f7810142",
            "FLAC          | 664c614300000022100010000000",
            "MP3           | 49443304000000000000544954",
            "MP3           | fffb9064000000000000000000",
            "MP3           | fff3c4000000000000000000",
            "MP3           | ffe3180000000000000000",
            "AAC (ADTS)    | fff15080002ffcde0200000000",
            "AAC (ADTS)    | fff96c40ffffffffffffffff",
            "MP4/M4A       | 000000206674797069736f6d00000200",
            "MP4/M4A       | 000000186674797033677034",
            "AMR           | 2321414d520a3c000000000000",
            "AMR           | 2321414d522d57420a00000000",
            "AIFF          | 464f524d0000002e414946464f4d4d",
            "AIFF          | 464f524d0000002e41494643464f5645",
            "CAF           | 636166660001000064657363"})
    void otherContainersAreNamed(String name, String hex) {
        byte[] head = hexBytes(hex);
        UndecodableAudioException whole = catchThrowableOfType(UndecodableAudioException.class,
                () -> sniffer().decode(head, 0, head.length));
        assertThat(whole).isNotNull();
        assertThat(whole.getMessage()).isEqualTo(name + UNSUPPORTED);
        Rejection bytewise = feedUntilRejected(sniffer(), head);
        assertThat(bytewise.message()).isEqualTo(name + UNSUPPORTED);
    }

    @Test
    void containersAreRecognisedFromTheirSignatureAlone() {
        assertThat(feedUntilRejected(sniffer(), hexBytes("4f676753000200000000")).bytesFed()).isEqualTo(4);
        assertThat(feedUntilRejected(sniffer(), hexBytes("1a45dfa39f42")).bytesFed()).isEqualTo(4);
        assertThat(feedUntilRejected(sniffer(), hexBytes("664c614300000022")).bytesFed()).isEqualTo(4);
        assertThat(feedUntilRejected(sniffer(), hexBytes("4944330400000000")).bytesFed()).isEqualTo(3);
        assertThat(feedUntilRejected(sniffer(), hexBytes("fffb906400000000")).bytesFed()).isEqualTo(2);
        assertThat(feedUntilRejected(sniffer(), hexBytes("fff1508000000000")).bytesFed()).isEqualTo(2);
        assertThat(feedUntilRejected(sniffer(), hexBytes("0000001866747970336770")).bytesFed()).isEqualTo(8);
        assertThat(feedUntilRejected(sniffer(), hexBytes("2321414d520a0000")).bytesFed()).isEqualTo(5);
        assertThat(feedUntilRejected(sniffer(), hexBytes("464f524d0000002e41494646")).bytesFed()).isEqualTo(12);
        assertThat(feedUntilRejected(sniffer(), hexBytes("6361666600010000")).bytesFed()).isEqualTo(4);
    }

    @Test
    void aContainerSignatureSplitAcrossCallsIsStillNamed() throws Exception {
        ContainerDecoder decoder = sniffer();
        assertThat(decoder.decode(ascii("Og"), 0, 2).frames()).isZero();
        byte[] rest = ascii("gS\u0000\u0002");
        UndecodableAudioException e = catchThrowableOfType(UndecodableAudioException.class,
                () -> decoder.decode(rest, 0, rest.length));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).isEqualTo("Ogg" + UNSUPPORTED);
    }

    @Test
    void aHugeHeaderIsRejectedThroughTheSniffer() {
        byte[] wav = WavBytes.riff().fmt(WavBytes.PCM, 1, 16_000, 16).chunk("junk", new byte[3 << 20])
                .data(s16(1)).build();
        ContainerDecoder decoder = sniffer();
        UndecodableAudioException rejected = null;
        int fed = 0;
        while (fed < wav.length && rejected == null) {
            int size = Math.min(65_536, wav.length - fed);
            try {
                decoder.decode(wav, fed, size);
            } catch (UndecodableAudioException e) {
                rejected = e;
            }
            fed += size;
        }
        assertThat(rejected).isNotNull();
        assertThat(rejected.getMessage()).isEqualTo("the WAV header's 'junk' chunk claims 3145728 bytes; this server"
                + " takes at most 1048576 bytes of header");
        assertThat(fed).isEqualTo(65_536); // refused at the chunk's header, not after a megabyte of it

    }

    static byte[] hexBytes(String hex) {
        String clean = hex.strip();
        assertThat(clean.length() % 2).as("hex %s", hex).isZero();
        byte[] out = new byte[clean.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(clean.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
