package dev.earshot.server.hostile;

import static dev.earshot.server.hostile.CraftedAudio.crafted;

import dev.earshot.server.hostile.CraftedAudio.Crafted;
import dev.earshot.server.hostile.Mp4Boxes.Box;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * M4A that lies: speech-a.aac.faststart.m4a (ffmpeg, AAC, moov before mdat, a free box between them) with one
 * box patched, found by walking the boxes.
 */
final class CraftedMp4 {
    static final String FIXTURE = "speech-a.aac.faststart.m4a";
    static final String[] STBL = {"moov", "trak", "mdia", "minf", "stbl"};
    /** stsz: version and flags, sample_size, then sample_count. */
    static final int STSZ_COUNT = 8;
    /** mp4a: 6 reserved, data reference index, 8 reserved, then channelcount; samplerate (16.16) is at 24. */
    static final int MP4A_CHANNELS = 16;
    static final int MP4A_RATE = 24;
    static final long MOOV_SIZE = 0xFFFF_FFF0L;
    static final long MDAT_LARGESIZE = 1L << 62;

    private CraftedMp4() {
    }

    static List<Crafted> all() {
        return List.of(sampleCount(), timescaleRateChannels(), moovSize(), mdatLargesize());
    }

    static Crafted sampleCount() {
        byte[] m4a = CraftedAudio.fixture(FIXTURE);
        Box stsz = Mp4Boxes.find(m4a, path("stsz"));
        int field = stsz.dataOffset() + STSZ_COUNT;
        int real = ByteBuffer.wrap(m4a).getInt(field);
        ByteBuffer.wrap(m4a).putInt(field, Integer.MAX_VALUE);
        return crafted("m4a-stsz-count-7fffffff", m4a, "The stsz box's sample_count (byte " + field + ") is"
                + " 0x7FFFFFFF though its table still holds the " + real + " real entries.");
    }

    /** mdhd version 0 has its timescale 12 bytes in, version 1 20 bytes in. */
    static Crafted timescaleRateChannels() {
        byte[] m4a = CraftedAudio.fixture(FIXTURE);
        Box mdhd = Mp4Boxes.find(m4a, "moov", "trak", "mdia", "mdhd");
        int timescale = mdhd.dataOffset() + (m4a[mdhd.dataOffset()] == 1 ? 20 : 12);
        Box mp4a = Mp4Boxes.find(m4a, path("stsd", "mp4a"));
        ByteBuffer data = ByteBuffer.wrap(m4a);
        data.putInt(timescale, 1);
        data.putShort(mp4a.dataOffset() + MP4A_CHANNELS, (short) 0xFFFF);
        data.putInt(mp4a.dataOffset() + MP4A_RATE, 0xFFFF_0000);
        long duration = m4a[mdhd.dataOffset()] == 1 ? data.getLong(timescale + 4)
                : data.getInt(timescale + 4) & 0xFFFF_FFFFL;
        return crafted("m4a-timescale-1-rate-65535-channels-65535", m4a, "The mdhd timescale (byte " + timescale
                + ") is 1, so its duration of " + duration + " ticks means " + duration + " s, and the mp4a sample"
                + " entry (byte " + mp4a.offset() + ") says 65535 channels at 65535.0 Hz (16.16).");
    }

    static Crafted moovSize() {
        byte[] m4a = CraftedAudio.fixture(FIXTURE);
        Box moov = Mp4Boxes.find(m4a, "moov");
        ByteBuffer.wrap(m4a).putInt(moov.offset(), (int) MOOV_SIZE);
        return crafted("m4a-moov-size-fffffff0", m4a, "The moov box's size (byte " + moov.offset() + ") says"
                + " 0xFFFFFFF0 bytes in a file of " + m4a.length + ".");
    }

    /**
     * The free box before mdat and mdat's 8-byte header become one 16-byte header: size 1, "mdat", largesize
     * 2^62. The samples stay where they were, so stco's offsets still point at them.
     */
    static Crafted mdatLargesize() {
        byte[] m4a = CraftedAudio.fixture(FIXTURE);
        Box mdat = Mp4Boxes.find(m4a, "mdat");
        Box free = Mp4Boxes.before(m4a, mdat, 0, m4a.length);
        if (free == null || !free.type().equals("free") || free.size() != 8 || mdat.headerLength() != 8) {
            throw new IllegalStateException(FIXTURE + " has no 8-byte free box before a small mdat");
        }
        ByteBuffer header = ByteBuffer.wrap(m4a).putInt(free.offset(), 1).putLong(free.offset() + 8, MDAT_LARGESIZE);
        header.put(free.offset() + 4, "mdat".getBytes(StandardCharsets.US_ASCII));
        return crafted("m4a-mdat-largesize-2pow62", m4a, "The mdat box (byte " + free.offset() + ") has size 1 and"
                + " a 64-bit largesize of 2^62 in a file of " + m4a.length + " bytes.");
    }

    static String[] path(String... leaf) {
        String[] path = Arrays.copyOf(STBL, STBL.length + leaf.length);
        System.arraycopy(leaf, 0, path, STBL.length, leaf.length);
        return path;
    }
}
