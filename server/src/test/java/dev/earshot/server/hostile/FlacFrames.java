package dev.earshot.server.hostile;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads back FLAC made of CONSTANT subframes, such as {@link FlacWriter} writes, to check it independently of the
 * writer: STREAMINFO's fields, every frame header's fields, and both CRCs recomputed bit by bit.
 */
final class FlacFrames {
    private static final int[] STANDARD_RATES =
            {0, 88_200, 176_400, 192_000, 8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000};
    private static final int[] DEPTHS = {0, 8, 12, 0, 16, 20, 24, 32};

    record StreamInfo(int minBlock, int maxBlock, int minFrame, int maxFrame, int rateHz, int channels,
            int bitsPerSample, long totalSamples, boolean last) {
    }

    /**
     * One frame: where it is, its header's codes and what they decode to ({@code rateHz} 0 and {@code bits} 0
     * mean "see STREAMINFO"), whether its CRC-8 and CRC-16 match, whether its subframes are all zero bits.
     */
    record Frame(int offset, int length, boolean fixedBlockSize, long number, int blockCode, int blockSize,
            int rateCode, int rateHz, int channelAssignment, int depthCode, int bits, boolean headerCrcOk,
            boolean crcOk, boolean silent) {
    }

    private FlacFrames() {
    }

    static StreamInfo streamInfo(byte[] flac) {
        ByteBuffer buffer = ByteBuffer.wrap(flac);
        int header = buffer.getInt(4);
        if (buffer.getInt(0) != 0x664C6143 || (header >>> 24 & 0x7F) != 0 || (header & 0xFF_FFFF) != 34) {
            throw new IllegalArgumentException("no fLaC magic and STREAMINFO");
        }
        long packed = buffer.getLong(18);
        return new StreamInfo(buffer.getShort(8) & 0xFFFF, buffer.getShort(10) & 0xFFFF, int24(flac, 12),
                int24(flac, 15), (int) (packed >>> 44), (int) (packed >>> 41 & 7) + 1, (int) (packed >>> 36 & 31) + 1,
                packed & 0xF_FFFF_FFFFL, header < 0);
    }

    /** Every frame after the metadata blocks, read until the end of the file. */
    static List<Frame> frames(byte[] flac) {
        StreamInfo info = streamInfo(flac);
        int offset = 4;
        boolean last = false;
        while (!last) {
            last = flac[offset] < 0;
            offset += 4 + int24(flac, offset + 1);
        }
        List<Frame> frames = new ArrayList<>();
        while (offset < flac.length) {
            Frame frame = frame(flac, offset, info);
            frames.add(frame);
            offset += frame.length();
        }
        return frames;
    }

    private static Frame frame(byte[] flac, int offset, StreamInfo info) {
        int blockCode = flac[offset + 2] >> 4 & 0xF;
        int rateCode = flac[offset + 2] & 0xF;
        int channelAssignment = flac[offset + 3] >> 4 & 0xF;
        int depthCode = flac[offset + 3] >> 1 & 7;
        int at = offset + 4;
        int utf8Length = Math.max(1, Integer.numberOfLeadingZeros(~flac[at] & 0xFF) - 24);
        long number = flac[at] & (utf8Length == 1 ? 0x7F : 0xFF >> (utf8Length + 1));
        for (int i = 1; i < utf8Length; i++) {
            number = number << 6 | flac[at + i] & 0x3F;
        }
        at += utf8Length;
        int blockSize = blockCode == 1 ? 192 : blockCode < 6 ? 576 << (blockCode - 2) : 256 << (blockCode - 8);
        if (blockCode == 6 || blockCode == 7) {
            int length = blockCode - 5;
            blockSize = uint(flac, at, length) + 1;
            at += length;
        }
        int rateHz = rateCode < 12 ? STANDARD_RATES[rateCode] : 0;
        if (rateCode >= 12 && rateCode <= 14) {
            int length = rateCode == 12 ? 1 : 2;
            rateHz = uint(flac, at, length) * (rateCode == 12 ? 1000 : rateCode == 13 ? 1 : 10);
            at += length;
        }
        boolean headerCrcOk = crc8(flac, offset, at) == (flac[at++] & 0xFF);
        int bits = DEPTHS[depthCode] == 0 ? info.bitsPerSample() : DEPTHS[depthCode];
        int subframes = ((channelAssignment + 1) * (8 + bits) + 7) / 8; // CONSTANT: 8-bit header, one sample
        boolean silent = true;
        for (int i = at; i < at + subframes; i++) {
            silent &= flac[i] == 0;
        }
        int end = at + subframes + 2;
        boolean crcOk = crc16(flac, offset, end - 2) == uint(flac, end - 2, 2);
        return new Frame(offset, end - offset, (flac[offset + 1] & 1) == 0, number, blockCode, blockSize, rateCode,
                rateHz, channelAssignment, depthCode, DEPTHS[depthCode], headerCrcOk, crcOk, silent);
    }

    static int crc8(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= bytes[i] & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? (crc << 1 ^ 0x07) & 0xFF : crc << 1 & 0xFF;
            }
        }
        return crc;
    }

    static int crc16(byte[] bytes, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc ^= (bytes[i] & 0xFF) << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1 ^ 0x8005) & 0xFFFF : crc << 1 & 0xFFFF;
            }
        }
        return crc;
    }

    private static int int24(byte[] bytes, int offset) {
        return uint(bytes, offset, 3);
    }

    private static int uint(byte[] bytes, int offset, int length) {
        int value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }
        return value;
    }
}
