package dev.earshot.server.hostile;

import static dev.earshot.server.hostile.CraftedAudio.crafted;

import dev.earshot.server.hostile.CraftedAudio.Crafted;
import dev.earshot.server.hostile.FlacWriter.StreamInfo;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * FLAC that lies in STREAMINFO (at byte {@value FlacWriter#STREAMINFO_OFFSET}, the sample rate's 20 bits at byte 18),
 * in its frame headers, or in a metadata block's length; and two 1 MB bombs of CONSTANT frames that claim hours.
 */
final class CraftedFlac {
    static final int BOMB_BYTES = 1 << 20;
    /** Where the block after STREAMINFO starts: "fLaC", STREAMINFO's header and its 34 bytes. */
    static final int SECOND_BLOCK_OFFSET = FlacWriter.STREAMINFO_OFFSET + FlacWriter.STREAMINFO_LENGTH;
    static final int TRUNCATED_LENGTH = 100;
    static final int BLOCK_LENGTH_MAX = 0xFF_FFFF;
    static final int PICTURE = 6;
    static final int VORBIS_COMMENT = 4;
    private static final int SHORT_SAMPLES = 16 * 4096;

    private CraftedFlac() {
    }

    static List<Crafted> all() {
        return List.of(rate1048575(), rate1(), eightChannelsAt655350(), blockSize65536Bomb(), frameBlockOverMax(),
                bitsPerSample(32), bitsPerSample(4), rate384kBomb(),
                truncatedBlock(PICTURE, "flac-picture-16mb-truncated"),
                truncatedBlock(VORBIS_COMMENT, "flac-vorbis-comment-16mb-truncated"));
    }

    static Crafted rate1048575() {
        return crafted("flac-streaminfo-rate-1048575", FlacWriter.silence(1_048_575, 1, 16, 4096, SHORT_SAMPLES),
                "STREAMINFO's sample rate (byte 18) is 1048575 Hz, the 20-bit field's maximum, and every frame"
                        + " header defers to it (rate code 0).");
    }

    static Crafted rate1() {
        return crafted("flac-streaminfo-rate-1", FlacWriter.silence(1, 1, 16, 4096, SHORT_SAMPLES),
                "STREAMINFO's sample rate (byte 18) and every frame header (code 13) say 1 Hz, so 65536 samples"
                        + " claim 18 hours and resampling them to 16 kHz multiplies them 16000 times.");
    }

    static Crafted eightChannelsAt655350() {
        return crafted("flac-8ch-655350hz", FlacWriter.silence(655_350, 8, 16, 4096, SHORT_SAMPLES),
                "STREAMINFO (byte 18) and every frame header (rate code 14, 65535 tens of Hz; channel assignment"
                        + " 7) say 8 channels at 655350 Hz, the highest rate a frame header can code.");
    }

    static Crafted blockSize65536Bomb() {
        FlacWriter writer = new FlacWriter(48_000, 8, 16).framesUntil(65_536, BOMB_BYTES);
        byte[] flac = writer.toFlac(writer.streamInfo(65_535).withTotalSamples(writer.samples()));
        return crafted("flac-blocksize-65536-8ch-bomb", flac,
                "STREAMINFO's block sizes (byte 8) are 65535, but all " + writer.frameCount() + " frame headers claim"
                        + " 65536 (code 7, 65535 + 1) in 8 channels at 48 kHz: " + describe(writer, 48_000, 8) + ".");
    }

    static Crafted frameBlockOverMax() {
        FlacWriter writer = new FlacWriter(16_000, 1, 16).frames(65_536, 60 * 65_536L);
        StreamInfo claimed = writer.streamInfo(4096).withTotalSamples(writer.frameCount() * 4096);
        return crafted("flac-frame-blocksize-65536-over-max-4096", writer.toFlac(claimed),
                "STREAMINFO (byte 8) says blocks of at most 4096 samples and " + claimed.totalSamples() + " in all,"
                        + " but every frame header claims a block of 65536 (code 7).");
    }

    static Crafted bitsPerSample(int bits) {
        return crafted("flac-streaminfo-bps-" + bits, FlacWriter.silence(16_000, 1, bits, 4096, SHORT_SAMPLES),
                "STREAMINFO's bits per sample (5 bits from byte 20) is " + bits
                        + (bits == 32 ? ", the 5-bit field's maximum" : ", the format's minimum")
                        + ", and every frame header defers to it (sample size code 0).");
    }

    static Crafted rate384kBomb() {
        FlacWriter writer = new FlacWriter(384_000, 8, 16).framesUntil(65_535, BOMB_BYTES);
        return crafted("flac-384khz-8ch-bomb", writer.toFlac(writer.streamInfo(65_535)),
                "Valid FLAC but an amplification bomb: " + writer.frameCount() + " CONSTANT frames of 65535 samples"
                        + " at 384 kHz in 8 channels, " + describe(writer, 384_000, 8) + ".");
    }

    /** "fLaC", STREAMINFO, then a last block claiming 16 MB that starts plausibly and is cut at 100 bytes. */
    static Crafted truncatedBlock(int type, String name) {
        ByteArrayOutputStream flac = new ByteArrayOutputStream();
        flac.writeBytes(FlacWriter.MAGIC);
        FlacWriter silence = new FlacWriter(16_000, 1, 16).frames(4096, SHORT_SAMPLES);
        flac.writeBytes(silence.streamInfo(4096).block(false));
        flac.writeBytes(ByteBuffer.allocate(4).putInt(0x8000_0000 | type << 24 | BLOCK_LENGTH_MAX).array());
        flac.writeBytes(type == PICTURE ? pictureStart() : vorbisCommentStart());
        byte[] bytes = Arrays.copyOf(flac.toByteArray(), TRUNCATED_LENGTH);
        return crafted(name, bytes, "The last metadata block (" + (type == PICTURE ? "PICTURE" : "VORBIS_COMMENT")
                + ", header at byte " + SECOND_BLOCK_OFFSET + ") claims " + BLOCK_LENGTH_MAX
                + " bytes, the 24-bit maximum, but the whole file is " + TRUNCATED_LENGTH + " bytes long.");
    }

    /** A front-cover JPEG whose data length fills the rest of the 16 MB block. */
    private static byte[] pictureStart() {
        byte[] mime = "image/jpeg".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer picture = ByteBuffer.allocate(TRUNCATED_LENGTH);
        picture.putInt(3).putInt(mime.length).put(mime).putInt(0); // front cover, MIME type, no description
        picture.putInt(4096).putInt(4096).putInt(24).putInt(0); // width, height, depth, colours
        picture.putInt(BLOCK_LENGTH_MAX - picture.position() - 4);
        picture.put(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0});
        return picture.array();
    }

    /** A vendor string, one comment whose length fills the rest of the 16 MB block, then 'A's. */
    private static byte[] vorbisCommentStart() {
        byte[] vendor = "reference libFLAC 1.4.2 20221022".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer comment = ByteBuffer.allocate(TRUNCATED_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        comment.putInt(vendor.length).put(vendor).putInt(1);
        comment.putInt(BLOCK_LENGTH_MAX - comment.position() - 4).put("TITLE=".getBytes(StandardCharsets.US_ASCII));
        while (comment.hasRemaining()) {
            comment.put((byte) 'A');
        }
        return comment.array();
    }

    private static String describe(FlacWriter writer, int rateHz, int channels) {
        double hours = writer.samples() / (double) rateHz / 3600;
        double pcmGb = writer.samples() * channels * 2 / 1e9;
        return String.format(Locale.ROOT, "%.1f hours per channel, %.0f GB of 16-bit PCM", hours, pcmGb);
    }
}
