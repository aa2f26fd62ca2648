package dev.earshot.protocol.manage;

/** {@code GET /v1/projects/{project_id}/requests/{request_id}}: {@code {"request": {...}}} ({@code GetProjectRequestV1Response}). */
public record SingleRequest(ProjectRequest request) {
}
