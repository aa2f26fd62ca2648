package dev.earshot.server.audio.flac;

import java.io.IOException;
import java.io.InputStream;

/**
 * Passes a FLAC stream through with every metadata block but STREAMINFO turned into PADDING, which jflac
 * skips by its 24-bit length. Comments, pictures and seek tables say nothing the transcript needs, and
 * jflac would otherwise allocate whatever their 32-bit length fields claim (fuzzing made it throw
 * OutOfMemoryError from a 200-byte stream).
 */
final class MetadataFilter extends InputStream {
    private static final byte[] MAGIC = {'f', 'L', 'a', 'C'};
    private static final int STREAMINFO = 0;
    private static final int PADDING = 1;

    /** Where in the stream the bytes being read fall. */
    private enum Part { MAGIC, BLOCK_HEADER, BLOCK_BODY, FRAMES }

    private final InputStream in;
    private Part part = Part.MAGIC;
    private int index;
    private boolean lastBlock;
    private int blockLength;
    private long bodyLeft;

    MetadataFilter(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int count = in.read(buffer, offset, length);
        int i = offset;
        int end = offset + Math.max(count, 0);
        while (i < end && part != Part.FRAMES) {
            switch (part) {
                case MAGIC -> {
                    part = buffer[i] == MAGIC[index] ? part : Part.FRAMES; // not FLAC: jflac will say so
                    if (++index == MAGIC.length && part == Part.MAGIC) {
                        part = Part.BLOCK_HEADER;
                        index = 0;
                    }
                    i++;
                }
                case BLOCK_HEADER -> {
                    onHeaderByte(buffer, i);
                    i++;
                }
                case BLOCK_BODY -> {
                    int skipped = (int) Math.min(bodyLeft, end - i);
                    bodyLeft -= skipped;
                    i += skipped;
                    if (bodyLeft == 0) {
                        part = lastBlock ? Part.FRAMES : Part.BLOCK_HEADER;
                    }
                }
                default -> throw new IllegalStateException(part.name());
            }
        }
        return count;
    }

    private void onHeaderByte(byte[] buffer, int at) {
        int value = buffer[at] & 0xFF;
        if (index == 0) {
            lastBlock = (value & 0x80) != 0;
            if ((value & 0x7F) != STREAMINFO) {
                buffer[at] = (byte) ((lastBlock ? 0x80 : 0) | PADDING);
            }
            blockLength = 0;
        } else {
            blockLength = blockLength << 8 | value;
        }
        if (++index == 4) {
            index = 0;
            bodyLeft = blockLength;
            part = bodyLeft > 0 ? Part.BLOCK_BODY : lastBlock ? Part.FRAMES : Part.BLOCK_HEADER;
        }
    }
}
