package dev.earshot.server.hostile;

import java.util.ArrayList;
import java.util.List;

/**
 * Walks MPEG audio Layer III frames: past an ID3v2 tag, from one 4-byte header to the next by the length the header
 * gives (bitrate, sample rate, padding), until a header does not follow.
 */
final class MpegFrames {
    private static final int[] MPEG1_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] MPEG2_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[] MPEG1_RATES = {44_100, 48_000, 32_000};

    private MpegFrames() {
    }

    /** The size of an ID3v2 tag at the start, header (and footer) included, or 0. */
    static int id3Length(byte[] mp3) {
        if (mp3.length < 10 || mp3[0] != 'I' || mp3[1] != 'D' || mp3[2] != '3') {
            return 0;
        }
        boolean footer = (mp3[5] & 0x10) != 0;
        return 10 + syncsafe(mp3, 6) + (footer ? 10 : 0);
    }

    /** A 28-bit syncsafe integer: four bytes of 7 bits. */
    static int syncsafe(byte[] bytes, int offset) {
        int value = 0;
        for (int i = 0; i < 4; i++) {
            value = value << 7 | bytes[offset + i] & 0x7F;
        }
        return value;
    }

    /** The offsets of the frames after the ID3v2 tag. */
    static List<Integer> offsets(byte[] mp3) {
        List<Integer> offsets = new ArrayList<>();
        int offset = id3Length(mp3);
        int length;
        while (offset + 4 <= mp3.length && (length = frameLength(mp3, offset)) > 0) {
            offsets.add(offset);
            offset += length;
        }
        return offsets;
    }

    /** The length of the Layer III frame whose header is at {@code offset}, or 0 if none is. */
    static int frameLength(byte[] mp3, int offset) {
        int b1 = mp3[offset + 1] & 0xFF;
        int b2 = mp3[offset + 2] & 0xFF;
        int version = b1 >> 3 & 3; // 0 = MPEG 2.5, 2 = MPEG 2, 3 = MPEG 1
        int bitrateIndex = b2 >> 4;
        int rateIndex = b2 >> 2 & 3;
        boolean sync = (mp3[offset] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0;
        if (!sync || version == 1 || (b1 >> 1 & 3) != 1 || bitrateIndex == 0 || bitrateIndex == 15
                || rateIndex == 3) {
            return 0;
        }
        boolean mpeg1 = version == 3;
        int rate = MPEG1_RATES[rateIndex] >> (mpeg1 ? 0 : version == 2 ? 1 : 2);
        int bitrate = (mpeg1 ? MPEG1_KBPS : MPEG2_KBPS)[bitrateIndex] * 1000;
        return (mpeg1 ? 144 : 72) * bitrate / rate + (b2 >> 1 & 1);
    }
}
