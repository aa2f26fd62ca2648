package dev.earshot.server;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Where the API keys come from (live-api.md §8): {@code --api-keys}/{@code EARSHOT_API_KEYS}, else a keys
 * file, else the key stored for the local CLI, else a new key generated on the first {@code serve}, printed
 * once and stored with mode 0600 at {@link #localKeyFile()}, where {@code earshot stream} finds it.
 */
final class ApiKeyStore {
    /** 20 random bytes as 40 hex characters: the shape of a Deepgram key, and 160 bits of secret. */
    private static final int KEY_BYTES = 20;

    private ApiKeyStore() {
    }

    /** {@code $EARSHOT_CONFIG_DIR}, else {@code $XDG_CONFIG_HOME/earshot}, else {@code ~/.config/earshot}; file {@code api-key}. */
    static Path localKeyFile() {
        String configDir = System.getenv("EARSHOT_CONFIG_DIR");
        if (configDir != null && !configDir.isBlank()) {
            return Path.of(configDir, "api-key");
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("earshot").resolve("api-key");
    }

    static List<String> resolve(String keyList, Path keysFile, Path localKeyFile, PrintStream out) throws IOException {
        if (keyList != null && !keyList.isBlank()) {
            return split(Arrays.asList(keyList.split(",")), "--api-keys");
        }
        if (keysFile != null) {
            return split(Files.readAllLines(keysFile), keysFile.toString());
        }
        if (Files.isRegularFile(localKeyFile)) {
            return split(Files.readAllLines(localKeyFile), localKeyFile.toString());
        }
        String key = generate();
        store(localKeyFile, key);
        out.println("No API key configured: generated one and stored it in " + localKeyFile
                + " (mode 0600) for the earshot CLI. It is shown only this once:");
        out.println("  " + key);
        return List.of(key);
    }

    private static List<String> split(List<String> lines, String source) {
        List<String> keys = lines.stream().map(String::trim).filter(k -> !k.isEmpty() && !k.startsWith("#")).toList();
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("no API key in " + source);
        }
        return keys;
    }

    private static String generate() {
        byte[] bytes = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static void store(Path file, String key) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        Path temporary = Files.createTempFile(dir, "api-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(temporary, key + System.lineSeparator());
        Files.move(temporary, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
