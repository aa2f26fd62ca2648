package dev.earshot.server.ops.requests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The request log hears the pipeline through session.events and nothing else of the server: it can then be
 * left out, or replaced, without touching a stage (ArchitectureTest keeps the stages from importing it).
 */
@Timeout(30)
class RequestLogImportsTest {
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.earshot\\.server\\.([\\w.]+);",
            Pattern.MULTILINE);

    @Test
    void importsOnlyTheEventsOfTheServer() throws IOException {
        Path root = Path.of("src", "main", "java", "dev", "earshot", "server", "ops", "requests");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String target = imports.group(1);
                    if (!target.startsWith("session.events.") && !target.startsWith("ops.requests.")
                            && !target.equals("Settings")) {
                        violations.add(file.getFileName() + " imports " + target);
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
