package dev.earshot.server.ops.requests;

import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.server.session.events.RequestRecord.Kind;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The query parameters of the management API's listing and usage, as {@code @deepgram/sdk} 5 sends them
 * ({@code RequestsListRequest}, {@code UsageGetRequest}). A bad value is a 400 that names its parameter;
 * parameters this server has no use for are ignored, as Deepgram ignores unknown ones.
 */
final class ListParameters {
    /** Deepgram's own formats: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS, or with an offset (+HH:MM or Z). */
    private static final String TIME_FORMATS = "a date (YYYY-MM-DD) or a date and time (YYYY-MM-DDTHH:MM:SS, "
            + "optionally with an offset such as +02:00 or Z)";
    private static final int MAX_QUOTED = 64;

    /** A range of start times: {@code from} inclusive, {@code to} exclusive; either may be null (open). */
    record Range(Instant from, Instant to) {
    }

    private ListParameters() {
    }

    /** {@code start, end, limit, page, status, request_id, accessor, method, endpoint, deployment}. */
    static RequestQuery query(Map<String, String> parameters) throws InvalidParameterException {
        Range range = range(parameters);
        int limit = integer(parameters, "limit", RequestQuery.DEFAULT_LIMIT, 1, RequestQuery.MAX_LIMIT);
        int page = integer(parameters, "page", 0, 0, Integer.MAX_VALUE);
        String status = parameters.get("status");
        return new RequestQuery(range.from(), range.to(), status == null ? null : StatusFilter.parse(status),
                parameters.get("request_id"), parameters.get("accessor"), kinds(parameters), limit, page);
    }

    /** {@code start} and {@code end}: a date covers its whole UTC day, so {@code end=2025-01-31} includes the 31st. */
    static Range range(Map<String, String> parameters) throws InvalidParameterException {
        Instant from = time(parameters, "start", false);
        Instant to = time(parameters, "end", true);
        if (from != null && to != null && !from.isBefore(to)) {
            throw new InvalidParameterException("end", "Invalid value '" + clip(parameters.get("end"))
                    + "' for parameter 'end': it must be after start '" + clip(parameters.get("start")) + "'");
        }
        return new Range(from, to);
    }

    /** Quotes a client's value in a message without letting it grow the message. */
    static String clip(String value) {
        return value.length() <= MAX_QUOTED ? value : value.substring(0, MAX_QUOTED) + "...";
    }

    /** @param end whether the time ends a range: then it is exclusive, and a date means the day after it */
    private static Instant time(Map<String, String> parameters, String name, boolean end)
            throws InvalidParameterException {
        String value = parameters.get(name);
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim();
        try {
            if (text.length() == 10) {
                LocalDate date = LocalDate.parse(text);
                return (end ? date.plusDays(1) : date).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            Instant instant = text.matches(".*(Z|z|[+-]\\d\\d:?\\d\\d)$")
                    ? OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toInstant()
                    : LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            return end ? instant.plusMillis(1) : instant;
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, "Invalid value '" + clip(value) + "' for parameter '" + name
                    + "': expected " + TIME_FORMATS);
        }
    }

    private static int integer(Map<String, String> parameters, String name, int absent, int min, int max)
            throws InvalidParameterException {
        String value = parameters.get(name);
        if (value == null) {
            return absent;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // Reported below, with the allowed range.
        }
        String allowed = max == Integer.MAX_VALUE ? "an integer from " + min : "an integer from " + min + " to " + max;
        throw new InvalidParameterException(name, "Invalid value '" + clip(value) + "' for parameter '" + name
                + "': expected " + allowed);
    }

    /**
     * Deepgram's {@code method}, {@code endpoint} and {@code deployment} filters as kinds: live streams are
     * {@code streaming}, files {@code sync}; both are {@code listen}; all are {@code self-hosted}. A value that
     * names nothing served here matches nothing.
     */
    private static Set<Kind> kinds(Map<String, String> parameters) {
        Set<Kind> kinds = EnumSet.allOf(Kind.class);
        String method = lower(parameters.get("method"));
        if (method != null) {
            kinds.retainAll(method.equals("streaming") ? Set.of(Kind.STREAM)
                    : method.equals("sync") ? Set.of(Kind.FILE) : Set.of());
        }
        String endpoint = lower(parameters.get("endpoint"));
        if (endpoint != null && !endpoint.equals("listen")) {
            kinds.clear();
        } else if (endpoint != null) {
            kinds.retainAll(Set.of(Kind.STREAM, Kind.FILE));
        }
        String deployment = lower(parameters.get("deployment"));
        if (deployment != null && !deployment.equals("self-hosted")) {
            kinds.clear();
        }
        return kinds.size() == Kind.values().length ? null : kinds;
    }

    private static String lower(String value) {
        return value == null || value.isBlank() ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
