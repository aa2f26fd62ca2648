package dev.earshot.protocol;

import java.nio.charset.StandardCharsets;

/** Byte-length arithmetic for UTF-8 text with hard byte limits (close reasons, text frames). */
public final class Utf8 {
    private Utf8() {
    }

    /** Bytes of {@code text} in UTF-8, without encoding it (a surrogate pair is one 4-byte character). */
    public static long length(CharSequence text) {
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isSurrogate(c) ? 2 : 3;
        }
        return bytes;
    }

    /** The longest prefix of {@code text} whose UTF-8 form fits in {@code maxBytes}, never splitting a code point. */
    static String truncate(String text, int maxBytes) {
        if (length(text) <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
