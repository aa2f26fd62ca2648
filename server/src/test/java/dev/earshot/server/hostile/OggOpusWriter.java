package dev.earshot.server.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.function.LongBinaryOperator;

/**
 * Writes Ogg (RFC 3533) pages carrying Opus (RFC 7845) without an encoder: an OpusHead page, an OpusTags page,
 * then pages of 2-byte packets that each hold 120 ms of nothing. Each page's CRC-32 is computed over the page
 * with the CRC field zeroed. The granule rule and a CRC corruption switch let the crafted files lie about audio
 * pages only.
 */
final class OggOpusWriter {
    static final byte[] MAGIC = "OggS".getBytes(StandardCharsets.US_ASCII);
    static final int PRE_SKIP = 312;
    static final int INPUT_RATE = 16_000;
    /** 48 kHz samples in one silent packet: 6 frames of 20 ms. */
    static final int SAMPLES_PER_PACKET = 6 * 960;
    /**
     * TOC 0xFB: config 31 (CELT-only, fullband, 20 ms), mono, frame-count code 3; then the count byte: CBR, no
     * padding, 6 frames. Nothing follows, so all 6 frames are 0 bytes long: RFC 6716 §3.2.1 makes that DTX or a
     * lost frame, which a decoder conceals; with nothing before it, that is silence.
     */
    static final byte[] SILENT_PACKET = {(byte) (31 << 3 | 3), 6};
    static final int MAX_SEGMENTS = 255;
    static final int BOS = 2;
    static final int EOS = 4;
    static final int SERIAL = 0x45415253; // "EARS"
    private static final int[] CRC32 = crcTable();

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private int sequence;
    private int audioPages;
    private long packets;
    private long end = PRE_SKIP;
    private LongBinaryOperator granules = (audioPage, granule) -> granule;
    private boolean corruptAudioCrcs;

    /** A stream that starts with {@code opusHead} on its own BOS page, then an OpusTags page. */
    static OggOpusWriter withHead(byte[] opusHead) {
        OggOpusWriter writer = new OggOpusWriter();
        writer.page(BOS, 0, List.of(opusHead));
        writer.page(0, 0, List.of(opusTags("earshot crafted silence")));
        return writer;
    }

    /** From now on, audio page {@code n}'s granule is {@code rule(n, honest granule)}. */
    OggOpusWriter granules(LongBinaryOperator rule) {
        this.granules = rule;
        return this;
    }

    /** From now on, audio pages carry their CRC-32 with the lowest bit flipped. */
    OggOpusWriter corruptAudioCrcs() {
        this.corruptAudioCrcs = true;
        return this;
    }

    /**
     * Appends audio pages holding {@code samples48k} more samples of silence, {@value #MAX_SEGMENTS} packets a page.
     * With {@code endOfStream}, the last page is flagged EOS and its granule trims the decoded excess (§4.5).
     */
    OggOpusWriter silence(long samples48k, boolean endOfStream) {
        end += samples48k;
        long target = (end + SAMPLES_PER_PACKET - 1) / SAMPLES_PER_PACKET;
        while (packets < target) {
            int count = (int) Math.min(MAX_SEGMENTS, target - packets);
            packets += count;
            boolean last = packets == target && endOfStream;
            long granule = last ? end : packets * SAMPLES_PER_PACKET;
            page(last ? EOS : 0, granules.applyAsLong(audioPages, granule),
                    Collections.nCopies(count, SILENT_PACKET), corruptAudioCrcs);
            audioPages++;
        }
        return this;
    }

    int page(int flags, long granule, List<byte[]> pagePackets) {
        return page(flags, granule, pagePackets, false);
    }

    private int page(int flags, long granule, List<byte[]> pagePackets, boolean corruptCrc) {
        ByteArrayOutputStream lacing = new ByteArrayOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (byte[] packet : pagePackets) {
            for (int left = packet.length; left >= 0; left -= 255) {
                lacing.write(Math.min(left, 255)); // a multiple of 255 ends with a 0 lacing value
            }
            body.writeBytes(packet);
        }
        return rawPage(flags, granule, lacing.toByteArray(), body.toByteArray(), corruptCrc);
    }

    /** A page of exactly these lacing values and body bytes (which need not agree); returns its offset. */
    int rawPage(int flags, long granule, byte[] lacing, byte[] body, boolean corruptCrc) {
        ByteBuffer page = ByteBuffer.allocate(27 + lacing.length + body.length).order(ByteOrder.LITTLE_ENDIAN);
        page.put(MAGIC).put((byte) 0).put((byte) flags).putLong(granule).putInt(SERIAL).putInt(sequence++);
        page.putInt(0).put((byte) lacing.length).put(lacing).put(body);
        int crc = crc32(page.array(), 0, page.capacity());
        page.putInt(22, corruptCrc ? crc ^ 1 : crc);
        int offset = out.size();
        out.writeBytes(page.array());
        return offset;
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    /** RFC 7845 §5.1 ID header, 19 bytes: no channel mapping table, whatever the mapping family says. */
    static byte[] opusHead(int channels, int mappingFamily) {
        ByteBuffer head = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        head.put("OpusHead".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) channels);
        head.putShort((short) PRE_SKIP).putInt(INPUT_RATE).putShort((short) 0).put((byte) mappingFamily);
        return head.array();
    }

    /** RFC 7845 §5.2 comment header: a vendor string and no comments. */
    static byte[] opusTags(String vendor) {
        byte[] name = vendor.getBytes(StandardCharsets.UTF_8);
        ByteBuffer tags = ByteBuffer.allocate(8 + 4 + name.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        tags.put("OpusTags".getBytes(StandardCharsets.US_ASCII)).putInt(name.length).put(name).putInt(0);
        return tags.array();
    }

    /** Ogg's CRC-32: polynomial 0x04C11DB7, initial 0, no reflection, no final XOR. */
    static int crc32(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = crc << 8 ^ CRC32[(crc >>> 24 ^ bytes[i]) & 0xFF];
        }
        return crc;
    }

    private static int[] crcTable() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 24;
            for (int bit = 0; bit < 8; bit++) {
                crc = crc < 0 ? crc << 1 ^ 0x04C11DB7 : crc << 1;
            }
            table[i] = crc;
        }
        return table;
    }
}
