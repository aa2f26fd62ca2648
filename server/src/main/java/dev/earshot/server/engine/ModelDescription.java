package dev.earshot.server.engine;

import dev.earshot.protocol.ServerMessage.ModelInfo;

/**
 * What Results and Metadata say about the model serving a stream ({@code model_info}, {@code model_uuid}).
 *
 * @param language the BCP-47 primary language the model speaks, e.g. {@code en}
 */
public record ModelDescription(String uuid, String name, String version, String arch, String language) {
    public ModelInfo info() {
        return new ModelInfo(name, version, arch);
    }
}
