package dev.earshot.bench.audio.opus;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The pages of an Ogg stream (RFC 3533 §6), read to cut it where a live sender would send it and to check
 * what the encoder made. Only what those two need: no packet reassembly.
 */
public final class OggPages {
    private static final int HEADER_BYTES = 27;
    private static final int CRC_AT = 22;
    private static final int[] CRC_TABLE = crcTable();

    /**
     * One page.
     *
     * @param offset      where it starts in the stream
     * @param length      its bytes, header included
     * @param granule     the page's granule position: for Opus, 48 kHz samples up to the end of its last packet
     * @param headerType  bit 0x02 first page, 0x04 last page
     * @param body        its packets' bytes
     * @param crcMatches  whether its checksum is right
     */
    public record Page(int offset, int length, long granule, int headerType, byte[] body, boolean crcMatches) {
        public boolean first() {
            return (headerType & 0x02) != 0;
        }

        public boolean last() {
            return (headerType & 0x04) != 0;
        }

        public boolean bodyStartsWith(String magic) {
            byte[] tag = magic.getBytes(StandardCharsets.US_ASCII);
            return body.length >= tag.length && new String(body, 0, tag.length, StandardCharsets.US_ASCII).equals(magic);
        }
    }

    private OggPages() {
    }

    /** Every page, in order; throws when the bytes are not a whole Ogg stream. */
    public static List<Page> read(byte[] ogg) {
        List<Page> pages = new ArrayList<>();
        ByteBuffer le = ByteBuffer.wrap(ogg).order(ByteOrder.LITTLE_ENDIAN);
        int at = 0;
        while (at < ogg.length) {
            if (at + HEADER_BYTES > ogg.length || !new String(ogg, at, 4, StandardCharsets.US_ASCII).equals("OggS")) {
                throw new IllegalArgumentException("no Ogg page at byte " + at);
            }
            int segments = ogg[at + 26] & 0xFF;
            int bodyAt = at + HEADER_BYTES + segments;
            int bodyBytes = 0;
            for (int i = 0; i < segments && at + HEADER_BYTES + i < ogg.length; i++) {
                bodyBytes += ogg[at + HEADER_BYTES + i] & 0xFF;
            }
            int end = bodyAt + bodyBytes;
            if (end > ogg.length) {
                throw new IllegalArgumentException("the Ogg page at byte " + at + " runs past the end");
            }
            byte[] body = new byte[bodyBytes];
            System.arraycopy(ogg, bodyAt, body, 0, bodyBytes);
            pages.add(new Page(at, end - at, le.getLong(at + 6), ogg[at + 5] & 0xFF, body,
                    le.getInt(at + CRC_AT) == crc(ogg, at, end)));
            at = end;
        }
        return pages;
    }

    /** Ogg's CRC-32 (polynomial 0x04C11DB7, not reflected, starting at 0) of a page with its CRC field as zeros. */
    static int crc(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            int b = i >= from + CRC_AT && i < from + CRC_AT + 4 ? 0 : bytes[i] & 0xFF;
            crc = (crc << 8) ^ CRC_TABLE[((crc >>> 24) ^ b) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int r = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                r = (r & 0x80000000) != 0 ? (r << 1) ^ 0x04C11DB7 : r << 1;
            }
            table[i] = r;
        }
        return table;
    }
}
