package dev.earshot.server.ops.requests;

import dev.earshot.protocol.InvalidParameterException;
import java.util.List;
import java.util.Locale;

/**
 * The {@code status} filter of the request listing: Deepgram's {@code succeeded} and {@code failed}, and
 * Earshot's own: an HTTP status ({@code 429}), a class of them ({@code 4xx}), or a close code ({@code 1011}).
 * Each is a condition on an indexed column (db/requests/V1__requests.sql).
 */
sealed interface StatusFilter {
    /** The SQL condition, with a {@code ?} for each of {@link #values()}. */
    String condition();

    List<Object> values();

    /** {@link dev.earshot.server.session.events.RequestRecord#failed()} or not. */
    record Outcome(boolean failed) implements StatusFilter {
        public String condition() {
            return "failed = ?";
        }

        public List<Object> values() {
            return List.of(failed);
        }
    }

    record HttpStatus(int status) implements StatusFilter {
        public String condition() {
            return "http_status = ?";
        }

        public List<Object> values() {
            return List.of(status);
        }
    }

    /** {@code 4xx}: 400 to 499. */
    record HttpClass(int hundreds) implements StatusFilter {
        public String condition() {
            return "http_status >= ? AND http_status < ?";
        }

        public List<Object> values() {
            return List.of(hundreds * 100, hundreds * 100 + 100);
        }
    }

    record CloseCode(int code) implements StatusFilter {
        public String condition() {
            return "close_code = ?";
        }

        public List<Object> values() {
            return List.of(code);
        }
    }

    static StatusFilter parse(String value) throws InvalidParameterException {
        String status = value.trim().toLowerCase(Locale.ROOT);
        if (status.equals("succeeded") || status.equals("failed")) {
            return new Outcome(status.equals("failed"));
        }
        if (status.matches("[1-5]xx")) {
            return new HttpClass(status.charAt(0) - '0');
        }
        if (status.matches("[1-5][0-9][0-9]")) {
            return new HttpStatus(Integer.parseInt(status));
        }
        if (status.matches("[1-4][0-9][0-9][0-9]")) {
            return new CloseCode(Integer.parseInt(status));
        }
        throw new InvalidParameterException("status", "Invalid value '" + ListParameters.clip(value)
                + "' for parameter 'status': expected succeeded, failed, an HTTP status (429) or class (4xx), "
                + "or a WebSocket close code (1011)");
    }
}
