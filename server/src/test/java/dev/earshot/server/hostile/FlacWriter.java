package dev.earshot.server.hostile;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Writes FLAC (RFC 9639) of digital silence without an encoder: every frame is fixed-blocksize and every
 * subframe is CONSTANT with the value 0, so a frame is its header, a few zero bytes and a CRC-16, however many
 * samples it claims. The frame headers say what the writer was told (rate, channels, depth, block size); the
 * STREAMINFO written in front of them is a separate value, honest from {@link #streamInfo} or edited to lie.
 */
final class FlacWriter {
    static final byte[] MAGIC = "fLaC".getBytes(StandardCharsets.US_ASCII);
    /** STREAMINFO's data starts here: after "fLaC" and its 4-byte metadata block header. */
    static final int STREAMINFO_OFFSET = 8;
    static final int STREAMINFO_LENGTH = 34;
    private static final int[] CRC8 = crcTable(0x07, 8);
    private static final int[] CRC16 = crcTable(0x8005, 16);

    /** STREAMINFO's fields (RFC 9639 §8.2); the MD5 is always written as zeros, "unknown". */
    record StreamInfo(int minBlock, int maxBlock, int minFrame, int maxFrame, int rateHz, int channels,
            int bitsPerSample, long totalSamples) {

        StreamInfo withTotalSamples(long total) {
            return new StreamInfo(minBlock, maxBlock, minFrame, maxFrame, rateHz, channels, bitsPerSample, total);
        }

        /** The metadata block: header (last-block flag, type 0, length 34), then the fields. */
        byte[] block(boolean last) {
            ByteBuffer block = ByteBuffer.allocate(4 + STREAMINFO_LENGTH);
            block.putInt((last ? 0x8000_0000 : 0) | STREAMINFO_LENGTH);
            block.putShort((short) minBlock).putShort((short) maxBlock);
            putInt24(block, minFrame);
            putInt24(block, maxFrame);
            block.putLong((long) rateHz << 44 | (long) (channels - 1) << 41 | (long) (bitsPerSample - 1) << 36
                    | totalSamples);
            return block.array(); // the 16 MD5 bytes stay zero
        }
    }

    private final int rateHz;
    private final int channels;
    private final int bitsPerSample;
    private final ByteArrayOutputStream frames = new ByteArrayOutputStream();
    private long frameNumber;
    private long samples;
    private int minFrame = Integer.MAX_VALUE;
    private int maxFrame;

    /** Frames whose headers claim these; rates and depths without a header code defer to STREAMINFO (code 0). */
    FlacWriter(int rateHz, int channels, int bitsPerSample) {
        this.rateHz = rateHz;
        this.channels = channels;
        this.bitsPerSample = bitsPerSample;
    }

    /** A whole valid stream: {@code totalSamples} of silence in blocks of {@code blockSize}, the last one shorter. */
    static byte[] silence(int rateHz, int channels, int bitsPerSample, int blockSize, long totalSamples) {
        FlacWriter writer = new FlacWriter(rateHz, channels, bitsPerSample).frames(blockSize, totalSamples);
        return writer.toFlac(writer.streamInfo(blockSize));
    }

    FlacWriter frames(int blockSize, long totalSamples) {
        for (long left = totalSamples; left > 0; left -= blockSize) {
            frame((int) Math.min(blockSize, left));
        }
        return this;
    }

    /** Frames of {@code blockSize} until they fill at least {@code bytes}: a small file of many samples. */
    FlacWriter framesUntil(int blockSize, int bytes) {
        while (frames.size() < bytes) {
            frame(blockSize);
        }
        return this;
    }

    /** One frame: header with CRC-8, CONSTANT 0 subframes padded to a byte, CRC-16. */
    FlacWriter frame(int blockSize) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.writeBytes(header(blockSize));
        // Per channel: subframe header 0|000000|0 (CONSTANT, no wasted bits), then the value 0 in the sample
        // size. All zero bits, so the subframes and the padding to a byte are just zero bytes.
        frame.writeBytes(new byte[(channels * (8 + bitsPerSample) + 7) / 8]);
        int crc = crc16(frame.toByteArray());
        frame.write(crc >> 8);
        frame.write(crc);
        minFrame = Math.min(minFrame, frame.size());
        maxFrame = Math.max(maxFrame, frame.size());
        frames.writeBytes(frame.toByteArray());
        frameNumber++;
        samples += blockSize;
        return this;
    }

    private byte[] header(int blockSize) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        int blockCode = blockSizeCode(blockSize);
        int rateCode = rateCode(rateHz);
        header.write(0xFF);
        header.write(0xF8); // sync 0b11111111111110, reserved 0, fixed-blocksize
        header.write(blockCode << 4 | rateCode);
        header.write((channels - 1) << 4 | depthCode(bitsPerSample) << 1); // independent channels
        writeUtf8(header, frameNumber);
        if (blockCode == 6) {
            header.write(blockSize - 1);
        } else if (blockCode == 7) {
            writeShort(header, blockSize - 1);
        }
        switch (rateCode) {
            case 12 -> header.write(rateHz / 1000);
            case 13 -> writeShort(header, rateHz);
            case 14 -> writeShort(header, rateHz / 10);
            default -> { }
        }
        header.write(crc8(header.toByteArray()));
        return header.toByteArray();
    }

    /** STREAMINFO as these frames really are, for streams of blocks of {@code blockSize} (the last may be shorter). */
    StreamInfo streamInfo(int blockSize) {
        return new StreamInfo(blockSize, blockSize, minFrame, maxFrame, rateHz, channels, bitsPerSample, samples);
    }

    /** "fLaC", {@code info} as the only (last) metadata block, then the frames. */
    byte[] toFlac(StreamInfo info) {
        ByteArrayOutputStream flac = new ByteArrayOutputStream(frames.size() + 64);
        flac.writeBytes(MAGIC);
        flac.writeBytes(info.block(true));
        flac.writeBytes(frames.toByteArray());
        return flac.toByteArray();
    }

    long samples() {
        return samples;
    }

    long frameCount() {
        return frameNumber;
    }

    /** RFC 9639 §9.1.1: 1 = 192, 2–5 = 576·2^(n−2), 8–15 = 256·2^(n−8); else 6 or 7: 8 or 16 bits of size − 1. */
    static int blockSizeCode(int blockSize) {
        if (blockSize == 192) {
            return 1;
        }
        for (int code = 2; code <= 5; code++) {
            if (blockSize == 576 << (code - 2)) {
                return code;
            }
        }
        for (int code = 8; code <= 15; code++) {
            if (blockSize == 256 << (code - 8)) {
                return code;
            }
        }
        return blockSize <= 256 ? 6 : 7;
    }

    /** RFC 9639 §9.1.2: the standard rates, else kHz (12), Hz (13) or tens of Hz (14), else 0 = see STREAMINFO. */
    static int rateCode(int rateHz) {
        int[] standard = {0, 88_200, 176_400, 192_000, 8_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000, 96_000};
        for (int code = 1; code < standard.length; code++) {
            if (rateHz == standard[code]) {
                return code;
            }
        }
        if (rateHz % 1000 == 0 && rateHz / 1000 <= 0xFF) {
            return 12;
        }
        if (rateHz <= 0xFFFF) {
            return 13;
        }
        return rateHz % 10 == 0 && rateHz / 10 <= 0xFFFF ? 14 : 0;
    }

    /** RFC 9639 §9.1.4: 8, 12, 16, 20, 24 bits have codes; others (4, 32 here) say "see STREAMINFO" (0). */
    static int depthCode(int bitsPerSample) {
        return switch (bitsPerSample) {
            case 8 -> 1;
            case 12 -> 2;
            case 16 -> 4;
            case 20 -> 5;
            case 24 -> 6;
            default -> 0;
        };
    }

    /** The frame number in UTF-8's lead/continuation pattern (up to 7 bytes for 36 bits). */
    private static void writeUtf8(ByteArrayOutputStream out, long value) {
        if (value < 0x80) {
            out.write((int) value);
            return;
        }
        int extra = 1;
        while (extra < 6 && value >= 1L << (5 * extra + 6)) {
            extra++;
        }
        out.write((0xFF << (7 - extra)) & 0xFF | (int) (value >>> (6 * extra)));
        for (int i = extra - 1; i >= 0; i--) {
            out.write(0x80 | (int) (value >>> (6 * i)) & 0x3F);
        }
    }

    private static void writeShort(ByteArrayOutputStream out, int value) {
        out.write(value >> 8);
        out.write(value);
    }

    private static void putInt24(ByteBuffer buffer, int value) {
        buffer.put((byte) (value >> 16)).put((byte) (value >> 8)).put((byte) value);
    }

    /** CRC-8 of a frame header: polynomial 0x07, initial 0, MSB first. */
    static int crc8(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc = CRC8[(crc ^ b) & 0xFF];
        }
        return crc;
    }

    /** CRC-16 of a frame: polynomial 0x8005, initial 0, MSB first. */
    static int crc16(byte[] bytes) {
        int crc = 0;
        for (byte b : bytes) {
            crc = (crc << 8 ^ CRC16[(crc >> 8 ^ b) & 0xFF]) & 0xFFFF;
        }
        return crc;
    }

    private static int[] crcTable(int polynomial, int width) {
        int[] table = new int[256];
        int top = 1 << (width - 1);
        int mask = (1 << width) - 1;
        for (int i = 0; i < 256; i++) {
            int crc = i << (width - 8);
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & top) != 0 ? (crc << 1 ^ polynomial) & mask : crc << 1 & mask;
            }
            table[i] = crc;
        }
        return table;
    }
}
