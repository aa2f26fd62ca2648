package dev.earshot.server.hostile;

import static dev.earshot.server.hostile.CraftedAudio.crafted;

import dev.earshot.server.hostile.CraftedAudio.Crafted;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Ogg Opus that lies in its OpusHead, in its granule positions, in a segment table or in its CRCs. Everything
 * else is {@link OggOpusWriter}'s valid silence.
 */
final class CraftedOgg {
    /** 2^62: at 48 kHz, about three million years. */
    static final long GRANULE_JUMP = 1L << 62;
    static final int TRUNCATED_BODY = 100;
    /** The first page's body starts here: a 27-byte header and one lacing value; OpusHead's channel count is 9 in. */
    static final int OPUS_HEAD_OFFSET = 28;

    private CraftedOgg() {
    }

    static List<Crafted> all() {
        return List.of(head255ChannelsNoMapping(), headNoChannels(), granuleJump(), truncatedPage(),
                hourWithBadCrcs());
    }

    static Crafted head255ChannelsNoMapping() {
        byte[] ogg = OggOpusWriter.withHead(OggOpusWriter.opusHead(255, 255)).silence(seconds(10), true)
                .toByteArray();
        return crafted("opus-head-255ch-family-255-no-mapping", ogg,
                "OpusHead (byte " + OPUS_HEAD_OFFSET + ") says 255 channels in mapping family 255 but ends after its"
                        + " 19 fixed bytes, with no stream counts and no channel mapping table.");
    }

    static Crafted headNoChannels() {
        byte[] ogg = OggOpusWriter.withHead(OggOpusWriter.opusHead(0, 0)).silence(seconds(10), true).toByteArray();
        return crafted("opus-head-0ch", ogg,
                "OpusHead (byte " + OPUS_HEAD_OFFSET + ") says 0 channels, then 10 s of mono packets follow.");
    }

    /** Audio page 1 (the second) says 2^62 and later pages count on from there. */
    static Crafted granuleJump() {
        long second = 2L * OggOpusWriter.MAX_SEGMENTS * OggOpusWriter.SAMPLES_PER_PACKET;
        byte[] ogg = OggOpusWriter.withHead(OggOpusWriter.opusHead(1, 0))
                .granules((page, granule) -> page >= 1 ? GRANULE_JUMP + granule - second : granule)
                .silence(seconds(120), true).toByteArray();
        return crafted("opus-granule-jump-2pow62", ogg,
                "Two minutes of valid silence whose second audio page's granule position jumps from "
                        + OggOpusWriter.MAX_SEGMENTS * OggOpusWriter.SAMPLES_PER_PACKET
                        + " to 2^62 (millions of years at 48 kHz) and later pages count on from there.");
    }

    /** 1 s of silence, then a page whose 255 lacing values of 255 announce 65025 bytes; 100 arrive. */
    static Crafted truncatedPage() {
        OggOpusWriter writer = OggOpusWriter.withHead(OggOpusWriter.opusHead(1, 0)).silence(seconds(1), false);
        byte[] lacing = new byte[OggOpusWriter.MAX_SEGMENTS];
        Arrays.fill(lacing, (byte) 255);
        byte[] body = new byte[TRUNCATED_BODY];
        new Random(7).nextBytes(body);
        body[0] = (byte) (31 << 3); // a CELT 20 ms TOC, so the packet looks like audio
        int offset = writer.rawPage(0, -1, lacing, body, false); // -1: no packet ends on this page
        return crafted("ogg-page-255x255-truncated", writer.toByteArray(),
                "After 1 s of silence, a page at byte " + offset + " has a segment table of 255 segments of 255"
                        + " bytes (65025) but only " + TRUNCATED_BODY + " bytes follow before the file ends.");
    }

    static Crafted hourWithBadCrcs() {
        byte[] ogg = OggOpusWriter.withHead(OggOpusWriter.opusHead(1, 0)).corruptAudioCrcs()
                .silence(seconds(3600), true).toByteArray();
        return crafted("opus-silence-1h-bad-crc", ogg,
                "One hour of valid Opus silence in which every audio page's CRC-32 (byte 22 of each page) has its"
                        + " lowest bit flipped; the two header pages are intact.");
    }

    private static long seconds(int seconds) {
        return seconds * 48_000L;
    }
}
