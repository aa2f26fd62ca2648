package dev.earshot.client.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The API key for the local server: {@code EARSHOT_API_KEY}, else the key {@code earshot serve} stored at
 * {@code $EARSHOT_CONFIG_DIR/api-key}, {@code $XDG_CONFIG_HOME/earshot/api-key} or
 * {@code ~/.config/earshot/api-key} (the same lookup as the server's).
 */
final class LocalKey {
    private LocalKey() {
    }

    static Optional<String> find() throws IOException {
        String fromEnv = System.getenv("EARSHOT_API_KEY");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(fromEnv.trim());
        }
        Path file = file();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .findFirst();
    }

    static Path file() {
        String configDir = System.getenv("EARSHOT_CONFIG_DIR");
        if (configDir != null && !configDir.isBlank()) {
            return Path.of(configDir, "api-key");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("earshot").resolve("api-key");
    }
}
