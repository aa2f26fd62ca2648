package dev.earshot.client.doctor.audio;

import dev.earshot.client.doctor.audio.DetectedFormat.WavHeader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Recognises the containers the server recognises (live-api.md, Earshot's reading: WAV, Ogg, WebM/Matroska,
 * FLAC, MP3, MP4, AAC, AMR, AIFF, CAF) from a file's first bytes, and reads WAV headers.
 */
public final class ContainerSniffer {
    private ContainerSniffer() {
    }

    public static DetectedFormat detect(byte[] bytes) {
        if (startsWith(bytes, 0, "RIFF") && startsWith(bytes, 8, "WAVE")
                || startsWith(bytes, 0, "RF64") && startsWith(bytes, 8, "WAVE")) {
            return wav(bytes);
        }
        if (startsWith(bytes, 0, "OggS")) {
            return ogg(bytes);
        }
        if (startsWith(bytes, 0, "fLaC")) {
            return DetectedFormat.container("FLAC", "flac");
        }
        if (bytes.length >= 4 && (bytes[0] & 0xFF) == 0x1A && (bytes[1] & 0xFF) == 0x45 && (bytes[2] & 0xFF) == 0xDF
                && (bytes[3] & 0xFF) == 0xA3) {
            return DetectedFormat.container("WebM/Matroska");
        }
        if (startsWith(bytes, 0, "#!AMR-WB\n")) {
            return DetectedFormat.container("AMR-WB file", "amr-wb");
        }
        if (startsWith(bytes, 0, "#!AMR\n")) {
            return DetectedFormat.container("AMR file", "amr-nb");
        }
        if (startsWith(bytes, 4, "ftyp")) {
            return DetectedFormat.container("MP4/M4A");
        }
        if (startsWith(bytes, 0, "ID3")) {
            return DetectedFormat.container("MP3 (ID3 tag)");
        }
        if (startsWith(bytes, 0, "FORM") && (startsWith(bytes, 8, "AIFF") || startsWith(bytes, 8, "AIFC"))) {
            return DetectedFormat.container("AIFF");
        }
        if (startsWith(bytes, 0, "caff")) {
            return DetectedFormat.container("CAF");
        }
        // Frame syncs are 0xFF followed by high bits, as μ-law silence (0xFF 0xFF ...) is too: a frame
        // counts only when its header is valid and the next frame starts where its length says.
        if (adtsFrameLength(bytes, 0) > 0 && followedByFrame(bytes, adtsFrameLength(bytes, 0), true)) {
            return DetectedFormat.container("AAC (ADTS)");
        }
        if (mpegFrameLength(bytes, 0) > 0 && followedByFrame(bytes, mpegFrameLength(bytes, 0), false)) {
            return DetectedFormat.container("MP3");
        }
        return DetectedFormat.raw();
    }

    private static boolean followedByFrame(byte[] bytes, int next, boolean adts) {
        if (next + 4 > bytes.length) {
            return next == bytes.length;
        }
        return adts ? adtsFrameLength(bytes, next) > 0 : mpegFrameLength(bytes, next) > 0;
    }

    private static final int[] MPEG1_LAYER3_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] MPEG2_LAYER3_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[][] MPEG_RATES = {{11_025, 12_000, 8_000}, {0, 0, 0}, {22_050, 24_000, 16_000},
            {44_100, 48_000, 32_000}};

    /** The length of an MPEG audio layer III frame starting here, or 0 when there is none. */
    private static int mpegFrameLength(byte[] bytes, int at) {
        if (at + 4 > bytes.length || (bytes[at] & 0xFF) != 0xFF || (bytes[at + 1] & 0xE0) != 0xE0) {
            return 0;
        }
        int version = (bytes[at + 1] >> 3) & 0x03; // 0: 2.5, 2: 2, 3: 1
        int layer = (bytes[at + 1] >> 1) & 0x03;    // 1: layer III
        int bitrateIndex = (bytes[at + 2] >> 4) & 0x0F;
        int rateIndex = (bytes[at + 2] >> 2) & 0x03;
        int padding = (bytes[at + 2] >> 1) & 0x01;
        if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3) {
            return 0;
        }
        int kbps = version == 3 ? MPEG1_LAYER3_KBPS[bitrateIndex] : MPEG2_LAYER3_KBPS[bitrateIndex];
        int rate = MPEG_RATES[version][rateIndex];
        return (version == 3 ? 144_000 : 72_000) * kbps / rate + padding;
    }

    /** The length of an AAC ADTS frame starting here, or 0 when there is none. */
    private static int adtsFrameLength(byte[] bytes, int at) {
        if (at + 7 > bytes.length || (bytes[at] & 0xFF) != 0xFF || (bytes[at + 1] & 0xF6) != 0xF0) {
            return 0;
        }
        int rateIndex = (bytes[at + 2] >> 2) & 0x0F;
        int length = ((bytes[at + 3] & 0x03) << 11) | ((bytes[at + 4] & 0xFF) << 3) | ((bytes[at + 5] & 0xE0) >> 5);
        return rateIndex > 12 || length < 7 ? 0 : length;
    }

    private static DetectedFormat ogg(byte[] bytes) {
        // The first page's first packet names the codec; it starts after the 27-byte header and segment table.
        if (bytes.length > 27) {
            int segments = bytes[26] & 0xFF;
            int packet = 27 + segments;
            if (startsWith(bytes, packet, "OpusHead")) {
                return DetectedFormat.container("Ogg Opus", "ogg-opus", "opus");
            }
            if (startsWith(bytes, packet + 1, "vorbis")) {
                return DetectedFormat.container("Ogg Vorbis");
            }
            if (startsWith(bytes, packet, "Speex   ")) {
                return DetectedFormat.container("Ogg Speex", "speex");
            }
            if (startsWith(bytes, packet + 1, "FLAC")) {
                return DetectedFormat.container("Ogg FLAC", "flac");
            }
        }
        return DetectedFormat.container("Ogg");
    }

    private static DetectedFormat wav(byte[] bytes) {
        ByteBuffer le = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int formatTag = -1;
        int channels = 0;
        int rate = 0;
        int bits = 0;
        for (int at = 12; at + 8 <= bytes.length; ) {
            String id = new String(bytes, at, 4, StandardCharsets.US_ASCII);
            long size = le.getInt(at + 4) & 0xFFFFFFFFL;
            if (id.equals("fmt ") && at + 24 <= bytes.length) {
                formatTag = le.getShort(at + 8) & 0xFFFF;
                channels = le.getShort(at + 10) & 0xFFFF;
                rate = le.getInt(at + 12);
                bits = le.getShort(at + 22) & 0xFFFF;
                if (formatTag == 0xFFFE && at + 34 <= bytes.length) {
                    formatTag = le.getShort(at + 32) & 0xFFFF; // WAVE_FORMAT_EXTENSIBLE: the sub-format GUID's tag
                }
            } else if (id.equals("data")) {
                String encoding = switch (formatTag) {
                    case 1 -> bits == 16 ? "linear16" : null;
                    case 3 -> bits == 32 ? "linear32" : null;
                    case 6 -> "alaw";
                    case 7 -> "mulaw";
                    default -> null;
                };
                String codec = switch (formatTag) {
                    case 1 -> "PCM " + bits + "-bit";
                    case 3 -> "float " + bits + "-bit";
                    case 6 -> "A-law";
                    case 7 -> "μ-law";
                    default -> "format " + formatTag;
                };
                return new DetectedFormat("WAV (" + codec + ", " + rate + " Hz, " + channels + " channel"
                        + (channels == 1 ? "" : "s") + ")", true,
                        new WavHeader(encoding, rate, channels, bits, at + 8), Set.of());
            }
            at += 8 + (int) Math.min(size + (size & 1), Integer.MAX_VALUE - at - 8);
        }
        return DetectedFormat.container("WAV (header without a data chunk in the first bytes)");
    }

    private static boolean startsWith(byte[] bytes, int offset, String ascii) {
        if (offset < 0 || bytes.length < offset + ascii.length()) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (bytes[offset + i] != (byte) ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
