package dev.earshot.protocol.openai;

import dev.earshot.protocol.InvalidParameterException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code multipart/form-data} body (RFC 7578) already received whole: its parts, each a name, an optional
 * file name and content type, and where its bytes lie in the body (nothing is copied until asked for).
 * Malformed bodies are refused with an {@link InvalidParameterException} that names no parameter.
 */
public final class MultipartForm {
    /** RFC 2046 §5.1.1: a boundary is 1 to 70 characters. */
    static final int MAX_BOUNDARY_CHARS = 70;
    /** A transcription form has a handful of fields; hundreds of parts are not a client of this API. */
    static final int MAX_PARTS = 64;
    /** A part's headers are a Content-Disposition and a Content-Type: a few hundred bytes. */
    static final int MAX_PART_HEADER_BYTES = 8 * 1024;

    private static final byte[] CRLF_CRLF = {'\r', '\n', '\r', '\n'};

    /** One part: {@code filename} is null for a plain field. */
    public record Part(String name, String filename, String contentType, int offset, int length) {
    }

    private final byte[] body;
    private final List<Part> parts;

    private MultipartForm(byte[] body, List<Part> parts) {
        this.body = body;
        this.parts = List.copyOf(parts);
    }

    public List<Part> parts() {
        return parts;
    }

    /** The part's bytes, copied out of the body. */
    public byte[] bytes(Part part) {
        return Arrays.copyOfRange(body, part.offset(), part.offset() + part.length());
    }

    public String text(Part part) {
        return new String(body, part.offset(), part.length(), StandardCharsets.UTF_8);
    }

    /** Whether a Content-Type header announces a form; the boundary is checked by {@link #parse}. */
    public static boolean isForm(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data");
    }

    public static MultipartForm parse(byte[] body, String contentType) throws InvalidParameterException {
        if (!isForm(contentType)) {
            throw malformed("the request must be multipart/form-data (a 'file' part and the other fields), not '"
                    + contentType + "'");
        }
        byte[] delimiter = ("\r\n--" + boundary(contentType)).getBytes(StandardCharsets.ISO_8859_1);
        // The first delimiter may open the body without the CRLF that precedes every later one.
        int at = startsWith(body, 0, delimiter, 2) ? 0 : indexOf(body, delimiter, 0);
        if (at < 0) {
            throw malformed("the body holds no part that starts with the boundary of its Content-Type");
        }
        at += at == 0 && startsWith(body, 0, delimiter, 2) ? delimiter.length - 2 : delimiter.length;
        List<Part> parts = new ArrayList<>();
        while (true) {
            if (startsWith(body, at, "--".getBytes(StandardCharsets.ISO_8859_1), 0)) {
                return new MultipartForm(body, parts);
            }
            if (!startsWith(body, at, "\r\n".getBytes(StandardCharsets.ISO_8859_1), 0)) {
                throw malformed("a boundary is not followed by a line break");
            }
            int headersStart = at + 2;
            int headersEnd = indexOf(body, CRLF_CRLF, headersStart);
            if (headersEnd < 0 || headersEnd - headersStart > MAX_PART_HEADER_BYTES) {
                throw malformed("a part's headers do not end within " + MAX_PART_HEADER_BYTES + " bytes");
            }
            int contentStart = headersEnd + CRLF_CRLF.length;
            int contentEnd = indexOf(body, delimiter, contentStart);
            if (contentEnd < 0) {
                throw malformed("the body ends inside a part (no closing boundary)");
            }
            if (parts.size() == MAX_PARTS) {
                throw malformed("more than " + MAX_PARTS + " parts");
            }
            String headers = new String(body, headersStart, headersEnd - headersStart, StandardCharsets.UTF_8);
            parts.add(part(headers, contentStart, contentEnd - contentStart));
            at = contentEnd + delimiter.length;
        }
    }

    private static String boundary(String contentType) throws InvalidParameterException {
        for (String parameter : contentType.split(";")) {
            String[] pair = parameter.trim().split("=", 2);
            if (pair.length == 2 && pair[0].trim().equalsIgnoreCase("boundary")) {
                String value = unquote(pair[1].trim());
                if (value.isEmpty() || value.length() > MAX_BOUNDARY_CHARS) {
                    throw malformed("the Content-Type's boundary must be 1 to " + MAX_BOUNDARY_CHARS + " characters");
                }
                return value;
            }
        }
        throw malformed("the Content-Type multipart/form-data has no boundary parameter");
    }

    private static Part part(String headers, int offset, int length) throws InvalidParameterException {
        String name = null;
        String filename = null;
        String contentType = null;
        for (String line : headers.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            String header = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).trim();
            if (header.equals("content-disposition")) {
                name = dispositionParameter(value, "name").orElse(null);
                filename = dispositionParameter(value, "filename").orElse(null);
            } else if (header.equals("content-type")) {
                contentType = value;
            }
        }
        if (name == null) {
            throw malformed("a part has no Content-Disposition: form-data; name=\"...\"");
        }
        return new Part(name, filename, contentType, offset, length);
    }

    /** A parameter of a Content-Disposition value; a quoted value may hold ';' and escaped quotes. */
    static Optional<String> dispositionParameter(String disposition, String wanted) {
        int i = disposition.indexOf(';');
        while (i >= 0) {
            int equals = disposition.indexOf('=', i);
            if (equals < 0) {
                return Optional.empty();
            }
            String key = disposition.substring(i + 1, equals).trim();
            StringBuilder value = new StringBuilder();
            int next = equals + 1;
            while (next < disposition.length() && disposition.charAt(next) == ' ') {
                next++;
            }
            if (next < disposition.length() && disposition.charAt(next) == '"') {
                next = readQuoted(disposition, next + 1, value);
            } else {
                int end = disposition.indexOf(';', next);
                value.append(disposition, next, end < 0 ? disposition.length() : end);
                next = end < 0 ? disposition.length() : end;
            }
            if (key.equalsIgnoreCase(wanted)) {
                return Optional.of(value.toString().trim());
            }
            i = disposition.indexOf(';', next);
        }
        return Optional.empty();
    }

    /** Appends a quoted string's text from {@code from} (after its opening quote); @return the index after it */
    private static int readQuoted(String text, int from, StringBuilder value) {
        int at = from;
        while (at < text.length() && text.charAt(at) != '"') {
            char c = text.charAt(at);
            if (c == '\\' && at + 1 < text.length()) {
                c = text.charAt(++at);
            }
            value.append(c);
            at++;
        }
        return Math.min(at + 1, text.length());
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** Whether {@code body} holds {@code pattern} from its {@code skip}-th byte at {@code at}. */
    private static boolean startsWith(byte[] body, int at, byte[] pattern, int skip) {
        if (at + pattern.length - skip > body.length) {
            return false;
        }
        for (int i = skip; i < pattern.length; i++) {
            if (body[at + i - skip] != pattern[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] pattern, int from) {
        for (int at = from; at + pattern.length <= body.length; at++) {
            if (body[at] == pattern[0] && startsWith(body, at, pattern, 0)) {
                return at;
            }
        }
        return -1;
    }

    private static InvalidParameterException malformed(String why) {
        return new InvalidParameterException(null, "Malformed multipart/form-data body: " + why);
    }
}
