package dev.earshot.bench.servers;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Vosk model for {@code --spawn} and {@code --engine-only}: {@code --model DIR}, else the embedded
 * model the server's build unpacks at {@code server/target/model/en-us}, looked for from the working
 * directory and from the bench's own jar up to the repository root.
 */
public final class ModelLocation {
    static final Path EMBEDDED = Path.of("server", "target", "model", "en-us");
    /** bench/target/earshot-bench.jar is two levels below the root; bench/target/classes three. */
    static final int LEVELS_UP = 4;
    /** Set by the bench's own tests, as the server's tests set it. */
    static final String PROPERTY = "earshot.model.dir";

    private ModelLocation() {
    }

    public static Path find(Path explicit) {
        if (explicit != null) {
            if (!Files.isDirectory(explicit)) {
                throw new IllegalArgumentException("--model " + explicit + " is not a directory");
            }
            return explicit;
        }
        String property = System.getProperty(PROPERTY);
        if (property != null && Files.isDirectory(Path.of(property))) {
            return Path.of(property);
        }
        List<Path> starts = new ArrayList<>();
        starts.add(Path.of("").toAbsolutePath());
        codeDirectory(starts);
        for (Path start : starts) {
            Path dir = start;
            for (int level = 0; level <= LEVELS_UP && dir != null; level++, dir = dir.getParent()) {
                if (Files.isDirectory(dir.resolve(EMBEDDED))) {
                    return dir.resolve(EMBEDDED);
                }
            }
        }
        throw new IllegalStateException("The embedded model is missing: no " + EMBEDDED + " above " + starts
                + ". Build the server with 'mvn -B package' in the repository, or pass --model DIR");
    }

    private static void codeDirectory(List<Path> starts) {
        try {
            Path code = Path.of(ModelLocation.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            starts.add(Files.isDirectory(code) ? code : code.getParent());
        } catch (URISyntaxException | RuntimeException unknown) {
            // Only the working directory then.
        }
    }
}
