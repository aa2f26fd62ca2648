package dev.earshot.server.ops.requests;

import dev.earshot.server.session.events.RequestRecord.Kind;
import java.time.Instant;
import java.util.Set;

/**
 * Which requests to list, newest first, and which page of them. Every filter is optional (null).
 *
 * @param from           the earliest start kept, inclusive
 * @param to             the latest start kept, exclusive
 * @param requestId      only this request
 * @param keyFingerprint only requests made with this key ({@code accessor}, {@code api_key_id})
 * @param kinds          only these kinds; empty when the filters match nothing here ({@code endpoint=speak})
 * @param limit          requests per page, 1 to {@link #MAX_LIMIT}
 * @param page           0-based
 */
record RequestQuery(Instant from, Instant to, StatusFilter status, String requestId, String keyFingerprint,
                    Set<Kind> kinds, int limit, int page) {
    static final int DEFAULT_LIMIT = 10;
    /** Deepgram's bound: a page is one answer, and a thousand rows is already a large one. */
    static final int MAX_LIMIT = 1000;

    RequestQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit " + limit + " is not within 1.." + MAX_LIMIT);
        }
        if (page < 0) {
            throw new IllegalArgumentException("page " + page + " is negative");
        }
        kinds = kinds == null ? null : Set.copyOf(kinds);
    }

    /** The newest {@code limit} requests, unfiltered. */
    static RequestQuery newest(int limit) {
        return new RequestQuery(null, null, null, null, null, null, limit, 0);
    }

    RequestQuery withStatus(StatusFilter status) {
        return new RequestQuery(from, to, status, requestId, keyFingerprint, kinds, limit, page);
    }

    RequestQuery withRange(Instant from, Instant to) {
        return new RequestQuery(from, to, status, requestId, keyFingerprint, kinds, limit, page);
    }

    RequestQuery withPage(int page) {
        return new RequestQuery(from, to, status, requestId, keyFingerprint, kinds, limit, page);
    }

    long offset() {
        return (long) page * limit;
    }
}
