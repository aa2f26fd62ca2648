package dev.earshot.server.audio.container;

import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * Audio containers recognised from their first bytes (live-api.md §2: no {@code encoding} means the audio
 * is in a container). Sniffed here rather than probed by FFmpeg, which on junk waits for {@code probesize}
 * bytes or the end of the stream before giving up.
 */
public enum Container {
    WAV("WAV"),
    OGG("Ogg"),
    WEBM("WebM/Matroska"),
    FLAC("FLAC"),
    MP3("MP3"),
    AAC("AAC (ADTS)"),
    MP4("MP4/M4A"),
    AMR("AMR"),
    AIFF("AIFF"),
    CAF("CAF");

    /** Enough bytes to tell every signature below apart. */
    public static final int SNIFF_BYTES = 12;

    private final String displayName;

    Container(String displayName) {
        this.displayName = displayName;
    }

    public String displayName() {
        return displayName;
    }

    public enum Verdict { MATCH, NO_MATCH, NEED_MORE }

    /** Whether {@code head} (the first {@code length} bytes of the stream) starts with this container's signature. */
    public Verdict test(byte[] head, int length) {
        return switch (this) {
            case WAV -> riff(head, length, "WAVE");
            case OGG -> literal(head, length, 0, "OggS");
            case WEBM -> bytes(head, length, 0, 0x1A, 0x45, 0xDF, 0xA3);
            case FLAC -> literal(head, length, 0, "fLaC");
            case MP3 -> mp3(head, length);
            case AAC -> adts(head, length);
            case MP4 -> literal(head, length, 4, "ftyp");
            case AMR -> literal(head, length, 0, "#!AMR");
            case AIFF -> formChunk(head, length);
            case CAF -> literal(head, length, 0, "caff");
        };
    }

    private static Verdict riff(byte[] head, int length, String form) {
        Verdict riff = literal(head, length, 0, "RIFF");
        Verdict rf64 = literal(head, length, 0, "RF64");
        if (riff == Verdict.NO_MATCH && rf64 == Verdict.NO_MATCH) {
            return Verdict.NO_MATCH;
        }
        if (length < 4) {
            return Verdict.NEED_MORE;
        }
        return literal(head, length, 8, form);
    }

    private static Verdict formChunk(byte[] head, int length) {
        Verdict form = literal(head, length, 0, "FORM");
        if (form != Verdict.MATCH) {
            return form;
        }
        Verdict aiff = literal(head, length, 8, "AIFF");
        return aiff == Verdict.NO_MATCH ? literal(head, length, 8, "AIFC") : aiff;
    }

    /** MPEG audio: an ID3v2 tag, or a frame sync (11 set bits) with a layer other than 0 (that is ADTS). */
    private static Verdict mp3(byte[] head, int length) {
        Verdict id3 = literal(head, length, 0, "ID3");
        if (id3 != Verdict.NO_MATCH) {
            return id3;
        }
        return frameSync(head, length, second -> (second & 0xE0) == 0xE0 && (second & 0x06) != 0);
    }

    /** AAC in ADTS: a 12-bit sync, then layer 0. */
    private static Verdict adts(byte[] head, int length) {
        return frameSync(head, length, second -> (second & 0xF6) == 0xF0);
    }

    /** A stream of bare frames: 0xFF, then a second byte that completes the sync word. */
    private static Verdict frameSync(byte[] head, int length, IntPredicate secondByte) {
        if (length < 1) {
            return Verdict.NEED_MORE;
        }
        if ((head[0] & 0xFF) != 0xFF) {
            return Verdict.NO_MATCH;
        }
        if (length < 2) {
            return Verdict.NEED_MORE;
        }
        return secondByte.test(head[1] & 0xFF) ? Verdict.MATCH : Verdict.NO_MATCH;
    }

    private static Verdict literal(byte[] head, int length, int at, String text) {
        byte[] expected = text.getBytes(StandardCharsets.US_ASCII);
        int[] values = new int[expected.length];
        for (int i = 0; i < expected.length; i++) {
            values[i] = expected[i];
        }
        return bytes(head, length, at, values);
    }

    private static Verdict bytes(byte[] head, int length, int at, int... expected) {
        for (int i = 0; i < expected.length; i++) {
            int position = at + i;
            if (position >= length) {
                return Verdict.NEED_MORE;
            }
            if ((head[position] & 0xFF) != (expected[i] & 0xFF)) {
                return Verdict.NO_MATCH;
            }
        }
        return Verdict.MATCH;
    }
}
