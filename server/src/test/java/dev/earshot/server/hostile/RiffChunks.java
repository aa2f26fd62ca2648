package dev.earshot.server.hostile;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Walks RIFF/WAVE and RF64 chunks: after the 12-byte "RIFF" (or "RF64") size "WAVE" header, each chunk is a
 * 4-character id, a 32-bit little-endian size, and its data padded to an even length.
 */
final class RiffChunks {
    /** fmt fields, as offsets into its data: format tag, channels, rate, byte rate, block align, bits. */
    static final int CHANNELS = 2;
    static final int RATE = 4;
    static final int BLOCK_ALIGN = 12;
    static final int BITS = 14;

    record Chunk(String id, int offset, long size) {
        int dataOffset() {
            return offset + 8;
        }
    }

    private RiffChunks() {
    }

    /** The chunks after the header; a size past the end of the file ends the walk after that chunk. */
    static List<Chunk> chunks(byte[] riff) {
        List<Chunk> chunks = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(riff).order(ByteOrder.LITTLE_ENDIAN);
        long offset = 12;
        while (offset + 8 <= riff.length) {
            int at = (int) offset;
            long size = buffer.getInt(at + 4) & 0xFFFF_FFFFL;
            chunks.add(new Chunk(new String(riff, at, 4, StandardCharsets.US_ASCII), at, size));
            offset = at + 8 + size + (size & 1);
        }
        return chunks;
    }

    static Chunk find(byte[] riff, String id) {
        return chunks(riff).stream().filter(c -> c.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no " + id + " chunk"));
    }

    /** The chunk's header and data, as they are in {@code riff}. */
    static byte[] whole(byte[] riff, Chunk chunk) {
        int end = (int) Math.min(riff.length, chunk.dataOffset() + chunk.size());
        return Arrays.copyOfRange(riff, chunk.offset(), end);
    }

    static byte[] data(byte[] riff, Chunk chunk) {
        int end = (int) Math.min(riff.length, chunk.dataOffset() + chunk.size());
        return Arrays.copyOfRange(riff, chunk.dataOffset(), end);
    }
}
