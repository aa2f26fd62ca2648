package dev.earshot.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where {@code earshot serve} keeps the API key it generates on first run, and where the local
 * {@code earshot} commands look for it: {@code $EARSHOT_CONFIG_DIR/api-key}, else
 * {@code $XDG_CONFIG_HOME/earshot/api-key}, else {@code ~/.config/earshot/api-key}. A convention shared by
 * server and client, like the rest of this module.
 */
public final class LocalApiKey {
    private LocalApiKey() {
    }

    /** The key file's path for this environment. */
    public static Path file(Map<String, String> environment, String userHome) {
        String configDir = environment.get("EARSHOT_CONFIG_DIR");
        if (configDir != null && !configDir.isBlank()) {
            return Path.of(configDir, "api-key");
        }
        String xdg = environment.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(userHome, ".config");
        return base.resolve("earshot").resolve("api-key");
    }

    /** The key file's path for this process; {@code $HOME} first, as shells and XDG tools do. */
    public static Path file() {
        String home = System.getenv("HOME");
        return file(System.getenv(), home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    /** The keys in a key file: one per line, blank lines and {@code #} comments ignored. */
    public static List<String> read(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(String::trim)
                .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
    }

    /** The first key stored at {@link #file()}, if there is one. */
    public static Optional<String> find() throws IOException {
        Path file = file();
        return Files.isRegularFile(file) ? read(file).stream().findFirst() : Optional.empty();
    }

    /** {@link #find()}, treating an unreadable file as no key (the caller then says where it looked). */
    public static Optional<String> findQuietly() {
        try {
            return find();
        } catch (IOException unreadable) {
            return Optional.empty();
        }
    }
}
