package dev.earshot.protocol.manage;

import java.util.List;

/** {@code GET /v1/projects}: {@code {"projects":[{"project_id","name"}]}} ({@code ListProjectsV1Response}). */
public record ProjectList(List<Project> projects) {
    public ProjectList {
        projects = List.copyOf(projects);
    }
}
