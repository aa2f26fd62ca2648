package dev.earshot.protocol.manage;

import java.util.List;

/**
 * {@code GET /v1/projects/{project_id}/usage}: audio hours and request counts over a range of dates
 * ({@code UsageV1Response} of {@code @deepgram/sdk} 5 has {@code start}, {@code end}, {@code resolution};
 * {@code results} are the per-period figures its earlier versions typed).
 *
 * @param start   the first day, {@code YYYY-MM-DD}
 * @param end     the last day, {@code YYYY-MM-DD}
 * @param results one entry per day that had requests, oldest first
 */
public record UsageSummary(String start, String end, Resolution resolution, List<Period> results) {
    public UsageSummary {
        results = List.copyOf(results);
    }

    /** The length of each period of {@code results}: here always one day. */
    public record Resolution(String units, int amount) {
        public static final Resolution DAY = new Resolution("day", 1);
    }

    /**
     * One period's figures.
     *
     * @param hours      hours of audio transcribed
     * @param totalHours the same: channels are not counted apart
     * @param requests   live streams and files, whether they succeeded or not
     */
    public record Period(String start, String end, double hours, double totalHours, long requests) {
    }
}
