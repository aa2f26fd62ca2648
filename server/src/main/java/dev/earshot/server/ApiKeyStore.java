package dev.earshot.server;

import dev.earshot.protocol.LocalApiKey;
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
 * once and stored with mode 0600 at {@link LocalApiKey#file()}, where {@code earshot stream} finds it.
 */
final class ApiKeyStore {
    /** 20 random bytes as 40 hex characters: the shape of a Deepgram key, and 160 bits of secret. */
    private static final int KEY_BYTES = 20;

    private ApiKeyStore() {
    }

    static List<String> resolve(String keyList, Path keysFile, Path localKeyFile, PrintStream out) throws IOException {
        if (keyList != null && !keyList.isBlank()) {
            return nonEmpty(Arrays.stream(keyList.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList(),
                    "--api-keys");
        }
        if (keysFile != null) {
            return nonEmpty(LocalApiKey.read(keysFile), keysFile.toString());
        }
        if (Files.isRegularFile(localKeyFile)) {
            return nonEmpty(LocalApiKey.read(localKeyFile), localKeyFile.toString());
        }
        String key = generate();
        store(localKeyFile, key);
        out.println("No API key configured: generated one and stored it in " + localKeyFile
                + " (mode 0600) for the earshot CLI. It is shown only this once:");
        out.println("  " + key);
        return List.of(key);
    }

    private static List<String> nonEmpty(List<String> keys, String source) {
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
