package dev.earshot.server.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks EBML (RFC 8794), the structure of Matroska and WebM: an element is a variable-length ID (1–4 bytes, length
 * marker kept), a variable-length size (1–8 bytes, marker removed, all ones = unknown), then its data.
 */
final class Ebml {
    static final long EBML = 0x1A45DFA3L;
    static final long SEGMENT = 0x18538067L;
    static final long TRACKS = 0x1654AE6BL;
    static final long TRACK_ENTRY = 0xAEL;
    static final long AUDIO = 0xE1L;
    static final long SAMPLING_FREQUENCY = 0xB5L;
    static final long CHANNELS = 0x9FL;
    static final long CLUSTER = 0x1F43B675L;
    static final long SIMPLE_BLOCK = 0xA3L;
    static final long UNKNOWN_SIZE = -1;
    /** The largest size an 8-byte size field can hold: all ones (2^56 − 1) means unknown. */
    static final long MAX_SIZE = (1L << 56) - 2;

    /** An element at {@code offset}: its size field starts at {@code sizeOffset}, its data at {@code dataOffset}. */
    record Element(long id, int offset, int sizeOffset, int dataOffset, long size) {
        /** Where the data ends: the declared size, or the parent's end when unknown or past it. */
        int end(int parentEnd) {
            return size == UNKNOWN_SIZE || size > parentEnd - dataOffset ? parentEnd : dataOffset + (int) size;
        }
    }

    private Ebml() {
    }

    static Element read(byte[] bytes, int offset) {
        int idLength = length(bytes[offset]);
        long id = 0;
        for (int i = 0; i < idLength; i++) {
            id = id << 8 | bytes[offset + i] & 0xFF;
        }
        int sizeOffset = offset + idLength;
        int sizeLength = length(bytes[sizeOffset]);
        long size = bytes[sizeOffset] & 0xFF & (0xFF >> sizeLength);
        boolean allOnes = size == 0xFF >> sizeLength;
        for (int i = 1; i < sizeLength; i++) {
            int b = bytes[sizeOffset + i] & 0xFF;
            size = size << 8 | b;
            allOnes &= b == 0xFF;
        }
        return new Element(id, offset, sizeOffset, sizeOffset + sizeLength, allOnes ? UNKNOWN_SIZE : size);
    }

    /** The elements in {@code [from, to)}, stopping at one whose header would run past {@code to}. */
    static List<Element> children(byte[] bytes, int from, int to) {
        List<Element> children = new ArrayList<>();
        int offset = from;
        while (offset + 2 <= to) {
            Element element = read(bytes, offset);
            if (element.dataOffset() > to) {
                break;
            }
            children.add(element);
            offset = element.end(to);
        }
        return children;
    }

    /** The first element along {@code path}, each ID looked for inside the element found for the one before. */
    static Element find(byte[] bytes, long... path) {
        int from = 0;
        int to = bytes.length;
        Element found = null;
        for (long id : path) {
            found = children(bytes, from, to).stream().filter(e -> e.id() == id).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no EBML element " + Long.toHexString(id)));
            from = found.dataOffset();
            to = found.end(to);
        }
        return found;
    }

    /** {@code value} as an EBML size field of {@code width} bytes. */
    static byte[] size(long value, int width) {
        byte[] field = new byte[width];
        long marked = value | 1L << (7 * width);
        for (int i = 0; i < width; i++) {
            field[i] = (byte) (marked >>> (8 * (width - 1 - i)));
        }
        return field;
    }

    /** Reads a big-endian unsigned integer of {@code length} bytes. */
    static long uint(byte[] bytes, int offset, int length) {
        long value = 0;
        for (int i = 0; i < length; i++) {
            value = value << 8 | bytes[offset + i] & 0xFF;
        }
        return value;
    }

    /** The length of a variable-length field from its first byte: 1 + its leading zero bits. */
    private static int length(byte first) {
        int length = Integer.numberOfLeadingZeros(first & 0xFF) - 23;
        if (length < 1 || length > 8) {
            throw new IllegalArgumentException("not an EBML field: first byte 0x00");
        }
        return length;
    }
}
