package dev.earshot.client.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Why a file named on the command line cannot be read, in words a user acts on: a missing file is a typo in
 * the command (exit 2), not a Java exception and not a network failure.
 */
final class InputFile {
    private InputFile() {
    }

    /** {@code earshot: cannot read PATH: no such file}; empty when the file can be read. */
    static Optional<String> problem(Path file) {
        String reason = !Files.exists(file) ? "no such file"
                : Files.isDirectory(file) ? "it is a directory"
                : !Files.isReadable(file) ? "permission denied"
                : null;
        return Optional.ofNullable(reason).map(why -> "earshot: cannot read " + file + ": " + why);
    }
}
