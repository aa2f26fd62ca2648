package dev.earshot.server.hostile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads Ogg pages back to check them independently of {@link OggOpusWriter}: header fields, the packets the segment
 * table delimits, and the CRC-32 recomputed bit by bit over the page with its CRC field zeroed.
 */
final class OggPages {
    /**
     * One page. {@code packets} are those that end on it; {@code bodyLength} is what its segment table announces
     * and {@code available} what the file holds of it.
     */
    record Page(int offset, int flags, long granule, int serial, int sequence, int storedCrc, int computedCrc,
            byte[] lacing, int bodyLength, int available, List<byte[]> packets) {

        boolean crcOk() {
            return storedCrc == computedCrc;
        }

        boolean truncated() {
            return available < bodyLength;
        }
    }

    private OggPages() {
    }

    /** Every page from the start of the file; a page that runs past the end is the last one. */
    static List<Page> pages(byte[] ogg) {
        List<Page> pages = new ArrayList<>();
        int offset = 0;
        while (offset + 27 <= ogg.length) {
            Page page = page(ogg, offset);
            pages.add(page);
            offset += 27 + page.lacing().length + page.available();
        }
        return pages;
    }

    private static Page page(byte[] ogg, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(ogg).order(ByteOrder.LITTLE_ENDIAN);
        if (buffer.getInt(offset) != 0x5367674F) { // "OggS"
            throw new IllegalArgumentException("no OggS capture pattern at " + offset);
        }
        byte[] lacing = Arrays.copyOfRange(ogg, offset + 27, offset + 27 + (ogg[offset + 26] & 0xFF));
        int body = offset + 27 + lacing.length;
        List<byte[]> packets = new ArrayList<>();
        int bodyLength = 0;
        int packetStart = 0;
        for (byte value : lacing) {
            bodyLength += value & 0xFF;
            if ((value & 0xFF) < 255) {
                packets.add(Arrays.copyOfRange(ogg, body + packetStart, body + bodyLength));
                packetStart = bodyLength;
            }
        }
        int available = Math.min(bodyLength, ogg.length - body);
        byte[] copy = Arrays.copyOfRange(ogg, offset, body + available);
        Arrays.fill(copy, 22, 26, (byte) 0);
        return new Page(offset, ogg[offset + 5], buffer.getLong(offset + 6), buffer.getInt(offset + 14),
                buffer.getInt(offset + 18), buffer.getInt(offset + 22), crc32(copy), lacing, bodyLength, available,
                packets);
    }

    static int crc32(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc ^= (b & 0xFF) << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = crc < 0 ? crc << 1 ^ 0x04C11DB7 : crc << 1;
            }
        }
        return crc;
    }
}
