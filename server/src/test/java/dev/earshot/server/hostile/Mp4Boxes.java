package dev.earshot.server.hostile;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Walks ISO BMFF (MP4, M4A) boxes: a 32-bit big-endian size and a 4-character type; size 1 means a 64-bit
 * largesize follows, size 0 means "to the end of the file".
 */
final class Mp4Boxes {
    /**
     * Bytes between a container box's header and its first child: stsd is a full box with an entry count, an
     * mp4a sample entry has 28 bytes of fields before its esds, meta is a full box.
     */
    private static final Map<String, Integer> CHILDREN_SKIP = Map.of("stsd", 8, "mp4a", 28, "meta", 4);

    /** A box at {@code offset}: header of 8 or 16 bytes, then data up to {@code offset + size}. */
    record Box(String type, int offset, int headerLength, long size) {
        int dataOffset() {
            return offset + headerLength;
        }

        int end(int parentEnd) {
            return size > parentEnd - offset ? parentEnd : offset + (int) size;
        }
    }

    private Mp4Boxes() {
    }

    static Box read(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long size = buffer.getInt(offset) & 0xFFFF_FFFFL;
        String type = new String(bytes, offset + 4, 4, StandardCharsets.ISO_8859_1);
        if (size == 1) {
            return new Box(type, offset, 16, buffer.getLong(offset + 8));
        }
        return new Box(type, offset, 8, size == 0 ? bytes.length - offset : size);
    }

    /** The boxes in {@code [from, to)}; a box smaller than its header ends the walk. */
    static List<Box> children(byte[] bytes, int from, int to) {
        List<Box> boxes = new ArrayList<>();
        int offset = from;
        while (offset + 8 <= to) {
            Box box = read(bytes, offset);
            if (box.size() < box.headerLength()) {
                break;
            }
            boxes.add(box);
            offset = box.end(to);
        }
        return boxes;
    }

    /** The first box along {@code path} ("moov", "trak", ...), each looked for inside the one found before. */
    static Box find(byte[] bytes, String... path) {
        int from = 0;
        int to = bytes.length;
        Box found = null;
        for (String type : path) {
            found = children(bytes, from, to).stream().filter(b -> b.type().equals(type)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no " + type + " box"));
            from = found.dataOffset() + CHILDREN_SKIP.getOrDefault(type, 0);
            to = found.end(to);
        }
        return found;
    }

    /** The box just before {@code box} at the same level, found by walking its siblings from {@code from}. */
    static Box before(byte[] bytes, Box box, int from, int to) {
        Box previous = null;
        for (Box sibling : children(bytes, from, to)) {
            if (sibling.offset() == box.offset()) {
                return previous;
            }
            previous = sibling;
        }
        throw new IllegalArgumentException("no " + box.type() + " box at " + box.offset());
    }
}
