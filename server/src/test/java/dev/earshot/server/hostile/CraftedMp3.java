package dev.earshot.server.hostile;

import static dev.earshot.server.hostile.CraftedAudio.crafted;

import dev.earshot.server.hostile.CraftedAudio.Crafted;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * MP3 that lies: an ID3v2 tag over noise, a megabyte of false frame syncs, and the fixtures with every 7th frame
 * header made unreadable (frames found by {@link MpegFrames}).
 */
final class CraftedMp3 {
    static final int ID3_CLAIMED = (1 << 28) - 1;
    static final int NOISE_BYTES = 200 * 1024;
    static final int STORM_BYTES = 1 << 20;
    static final String BARE = "speech-a.16k.bare.mp3";
    static final String ID3 = "speech-a.44k-stereo.id3.mp3";
    /** In a frame header's third byte: the bitrate index (high nibble) and the sample rate index (bits 3–2). */
    static final int BITRATE_BITS = 0xF0;
    static final int RATE_BITS = 0x0C;

    private CraftedMp3() {
    }

    static List<Crafted> all() {
        return List.of(id3OverNoise(), syncStorm(),
                everySeventh(BARE, "mp3-every-7th-bitrate-15", BITRATE_BITS, "bitrate index 15 (forbidden)"),
                everySeventh(ID3, "mp3-every-7th-samplerate-3", RATE_BITS, "sample rate index 3 (reserved)"));
    }

    /** ID3v2.4 header with the largest syncsafe size, then noise in which no byte is 0xFF, so no frame sync. */
    static Crafted id3OverNoise() {
        byte[] noise = new byte[NOISE_BYTES];
        new Random(3).nextBytes(noise);
        withoutSyncs(noise);
        byte[] header = {'I', 'D', '3', 4, 0, 0, 0x7F, 0x7F, 0x7F, 0x7F};
        byte[] mp3 = Arrays.copyOf(header, header.length + noise.length);
        System.arraycopy(noise, 0, mp3, header.length, noise.length);
        return crafted("mp3-id3-256mb-no-frames", mp3, "An ID3v2.4 tag whose syncsafe size (byte 6) claims "
                + ID3_CLAIMED + " bytes (256 MB) covers a file of " + mp3.length + " bytes of noise without a"
                + " single 0xFF byte, so no MPEG frame.");
    }

    /** Every 0xFF byte becomes 0xFE: no frame sync (11 set bits) can start in the noise. */
    private static void withoutSyncs(byte[] noise) {
        for (int i = 0; i < noise.length; i++) {
            noise[i] = noise[i] == (byte) 0xFF ? (byte) 0xFE : noise[i];
        }
    }

    /**
     * Chunks of noise without 0xFF bytes, each after a plausible MPEG-1 Layer III header (FF FB, a real bitrate and
     * rate) and 1 to 256 bytes longer than that header says, so where a header points there is only noise.
     */
    static Crafted syncStorm() {
        Random random = new Random(5);
        ByteArrayOutputStream out = new ByteArrayOutputStream(STORM_BYTES + 2048);
        int chunks = 0;
        while (out.size() < STORM_BYTES) {
            byte[] header = {(byte) 0xFF, (byte) 0xFB, (byte) ((1 + random.nextInt(14)) << 4 | random.nextInt(3) << 2)};
            byte[] chunk = new byte[MpegFrames.frameLength(header, 0) + 1 + random.nextInt(256)];
            random.nextBytes(chunk);
            withoutSyncs(chunk);
            System.arraycopy(header, 0, chunk, 0, header.length);
            out.writeBytes(chunk);
            chunks++;
        }
        return crafted("mp3-sync-storm-1mb", Arrays.copyOf(out.toByteArray(), STORM_BYTES), "1 MB of noise in "
                + chunks + " chunks that each start with an MPEG-1 Layer III header (FF FB) and run past the frame"
                + " length it gives, so where every header points there is noise and a demuxer must resync.");
    }

    /** Frames 7, 14, 21, ... of {@code fixture} get all of {@code bits} set in their header's third byte. */
    static Crafted everySeventh(String fixture, String name, int bits, String what) {
        byte[] mp3 = CraftedAudio.fixture(fixture);
        List<Integer> frames = MpegFrames.offsets(mp3);
        for (int i = 6; i < frames.size(); i += 7) {
            mp3[frames.get(i) + 2] |= (byte) bits;
        }
        return crafted(name, mp3, "Every 7th of the " + frames.size() + " frames of " + fixture + ", the first at"
                + " byte " + frames.get(6) + ", has " + what + " in its header, so its length and the next frame's"
                + " place are unknown.");
    }
}
