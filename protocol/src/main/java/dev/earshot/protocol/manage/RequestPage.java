package dev.earshot.protocol.manage;

import java.util.List;

/**
 * {@code GET /v1/projects/{project_id}/requests}: one page of requests, newest first
 * ({@code ListProjectRequestsV1Response}).
 *
 * @param page  0-based, as asked
 * @param limit the page size used
 */
public record RequestPage(int page, int limit, List<ProjectRequest> requests) {
    public RequestPage {
        requests = List.copyOf(requests);
    }
}
