package dev.earshot.server;

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
 * Data flows one way: transport → session → audio → engine → transcript. A stage imports only the stages
 * to its right, the protocol, and the {@link Settings} record; results go back through the {@code Outbox}
 * the session declares. This reads the imports of every main source file.
 */
@Timeout(60)
class ArchitectureTest {
    private static final List<String> PIPELINE = List.of("transport", "session", "audio", "engine", "transcript");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?dev\\.earshot\\.server\\.([A-Za-z]+)(\\.[\\w.]+)?;",
            Pattern.MULTILINE);

    @Test
    void stagesOnlyImportStagesToTheirRight() throws IOException {
        Path root = Path.of("src", "main", "java", "dev", "earshot", "server");
        List<String> violations = new ArrayList<>();
        for (String stage : PIPELINE) {
            List<String> allowed = PIPELINE.subList(PIPELINE.indexOf(stage), PIPELINE.size());
            try (Stream<Path> files = Files.walk(root.resolve(stage))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher imports = IMPORT.matcher(Files.readString(file));
                    while (imports.find()) {
                        String target = imports.group(1);
                        boolean settings = target.equals("Settings");
                        if (!settings && !allowed.contains(target)) {
                            violations.add(file.getFileName() + " (" + stage + ") imports " + imports.group().trim());
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /**
     * The metrics stand beside the pipeline: they hear its events and read the server's gauges through the
     * ops interface, and no stage imports them (which the test above already forbids).
     */
    @Test
    void metricsOnlyImportTheEventsAndSettings() throws IOException {
        Path metrics = Path.of("src", "main", "java", "dev", "earshot", "server", "ops", "metrics");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(metrics)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher imports = IMPORT.matcher(Files.readString(file));
                while (imports.find()) {
                    String target = imports.group(1) + (imports.group(2) == null ? "" : imports.group(2));
                    if (!target.equals("Settings") && !target.startsWith("session.events.")
                            && !target.startsWith("ops.metrics.") && !target.startsWith("ops.ServerReadings")) {
                        violations.add(file.getFileName() + " imports " + imports.group().trim());
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    @Test
    void everyStageHasAtMostTwelveFiles() throws IOException {
        Path root = Path.of("src", "main", "java", "dev", "earshot", "server");
        for (String stage : PIPELINE) {
            try (Stream<Path> files = Files.list(root.resolve(stage))) {
                assertThat(files.filter(f -> f.toString().endsWith(".java")).count()).as(stage).isLessThanOrEqualTo(12);
            }
        }
    }
}
