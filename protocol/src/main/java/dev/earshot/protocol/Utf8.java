package dev.earshot.protocol;

import java.nio.charset.StandardCharsets;

/** Byte-length arithmetic for UTF-8 text with hard byte limits (close reasons). */
final class Utf8 {
    private Utf8() {
    }

    static int length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
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
