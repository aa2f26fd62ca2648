package dev.earshot.server.hostile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Audio files for the adversarial suite, generated in memory from scratch or by patching the committed fixtures:
 * deterministic (fixed seeds), no encoder library, nothing beyond the JDK.
 *
 * <p>{@link #silence()}: <b>valid</b> files of an hour of digital silence that are small on the wire, so a server
 * that buffers decoded audio, or its transcript, for the whole file is found out:
 * <ul>
 *   <li>{@code flac-silence-1h}: FLAC of CONSTANT 0 subframes ({@link #flacSilence}), about 180 KB;</li>
 *   <li>{@code opus-silence-1h}: Ogg Opus of 2-byte packets of six empty 20 ms frames ({@link #oggOpusSilence}),
 *       about 95 KB.</li>
 * </ul>
 *
 * <p>{@link #all()}: <b>crafted</b> files. Each starts with its container's real magic bytes, so the server's sniffer
 * hands it to that container's decoder, and then lies about something a decoder sizes or loops on:
 * <ul>
 *   <li>FLAC ({@link CraftedFlac}): extreme sample rates, channel counts, depths and block sizes in STREAMINFO and
 *       frame headers, 1 MB amplification bombs that decode to hours of 8-channel audio, a metadata block claiming
 *       16 MB in a 100-byte file;</li>
 *   <li>Ogg Opus ({@link CraftedOgg}): impossible OpusHead channel counts and mappings, a granule jump to 2^62, a
 *       truncated 65025-byte page, an hour of pages with bad CRCs;</li>
 *   <li>WebM ({@link CraftedWebm}): absurd SamplingFrequency and Channels, element sizes near 2^56 in short files;</li>
 *   <li>MP4 ({@link CraftedMp4}): a sample table claiming 2^31 samples, a timescale of 1 with 65535 Hz and 65535
 *       channels, box sizes far past the end of the file;</li>
 *   <li>MP3 ({@link CraftedMp3}): a 256 MB ID3 tag over noise, a megabyte of false frame syncs, forbidden bitrate and
 *       reserved sample rate indexes in every 7th frame;</li>
 *   <li>WAV and RF64 ({@link CraftedWav}): chunk sizes that swallow the file or cannot be, a truncated header,
 *       impossible fmt fields, an RF64 data size of 2^63−1.</li>
 * </ul>
 * Fixture patches find each field by walking the container ({@link Ebml}, {@link Mp4Boxes}, {@link RiffChunks},
 * {@link MpegFrames}), never by a fixed offset, and say in their {@code lie} at which byte the lie is.
 */
public final class CraftedAudio {
    public static final String VALID = "valid";

    /**
     * One file: a short id, its bytes, the {@code /v1/listen} query a client sends it with ("" for containers,
     * which are sniffed), and one sentence on what is wrong with it ({@value #VALID} when nothing is).
     */
    public record Crafted(String name, byte[] bytes, String query, String lie) {
        public boolean valid() {
            return lie.equals(VALID);
        }

        @Override
        public String toString() {
            return name + " (" + bytes.length + " B)";
        }
    }

    private CraftedAudio() {
    }

    /**
     * Writes every file to a directory, for measuring a running server by hand (docs/performance.md):
     * {@code mvn -B -q -pl protocol,server test-compile} then
     * {@code java -Dearshot.fixtures.dir=fixtures -cp server/target/test-classes dev.earshot.server.hostile.CraftedAudio
     * /tmp/crafted} from the repository root.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "crafted");
        Files.createDirectories(dir);
        List<Crafted> every = new ArrayList<>(silence());
        every.addAll(all());
        for (Crafted crafted : every) {
            Files.write(dir.resolve(crafted.name()), crafted.bytes());
        }
        System.out.println(every.size() + " files in " + dir.toAbsolutePath());
    }

    /** Every crafted (non-valid) file. */
    public static List<Crafted> all() {
        List<Crafted> all = new ArrayList<>();
        all.addAll(CraftedFlac.all());
        all.addAll(CraftedOgg.all());
        all.addAll(CraftedWebm.all());
        all.addAll(CraftedMp4.all());
        all.addAll(CraftedMp3.all());
        all.addAll(CraftedWav.all());
        return all;
    }

    /** The valid hour-of-silence files. */
    public static List<Crafted> silence() {
        return List.of(
                renamed(flacSilence(16_000, 1, 4096, Duration.ofHours(1)), "flac-silence-1h"),
                renamed(oggOpusSilence(Duration.ofHours(1)), "opus-silence-1h"));
    }

    /** The file of that name from {@link #all()} or {@link #silence()}. */
    public static Crafted named(String name) {
        List<Crafted> every = new ArrayList<>(silence());
        every.addAll(all());
        return every.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no crafted file " + name));
    }

    /** Valid FLAC: {@code length} of 16-bit silence, fixed blocks of {@code blockSize}, STREAMINFO MD5 unknown. */
    public static Crafted flacSilence(int sampleRateHz, int channels, int blockSize, Duration length) {
        long samples = samples(length, sampleRateHz);
        byte[] flac = FlacWriter.silence(sampleRateHz, channels, 16, blockSize, samples);
        String name = "flac-silence-" + sampleRateHz + "hz-" + channels + "ch-" + blockSize + "-" + length;
        return new Crafted(name, flac, "", VALID);
    }

    /** Valid Ogg Opus, mono, 16 kHz input, pre-skip 312: {@code length} of silence in 120 ms packets. */
    public static Crafted oggOpusSilence(Duration length) {
        byte[] ogg = OggOpusWriter.withHead(OggOpusWriter.opusHead(1, 0))
                .silence(samples(length, 48_000), true).toByteArray();
        return new Crafted("opus-silence-" + length, ogg, "", VALID);
    }

    /** A crafted container file: sniffed, so sent without a query. */
    static Crafted crafted(String name, byte[] bytes, String lie) {
        return new Crafted(name, bytes, "", lie);
    }

    /** A committed fixture from fixtures/formats. */
    static byte[] fixture(String name) {
        return read(fixturesDir().resolve("formats").resolve(name));
    }

    /** fixtures/speech/speech-a.wav: 16 kHz mono 16-bit PCM, 13.99 s. */
    static byte[] speechWav() {
        return read(fixturesDir().resolve("speech").resolve("speech-a.wav"));
    }

    static long samples(Duration length, int rateHz) {
        return length.getSeconds() * rateHz + (long) length.getNano() * rateHz / 1_000_000_000L;
    }

    private static Path fixturesDir() {
        String configured = System.getProperty("earshot.fixtures.dir");
        return configured != null ? Path.of(configured) : Path.of("..", "fixtures");
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Crafted renamed(Crafted crafted, String name) {
        return new Crafted(name, crafted.bytes(), crafted.query(), crafted.lie());
    }
}
