package dev.earshot.protocol.manage;

/**
 * A project, as {@code GET /v1/projects/{project_id}} answers and as each entry of {@link ProjectList}
 * ({@code GetProjectV1Response}, {@code ListProjectsV1Response.Projects.Item} of {@code @deepgram/sdk} 5).
 */
public record Project(String projectId, String name) {
}
