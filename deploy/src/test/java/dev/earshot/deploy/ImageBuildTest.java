package dev.earshot.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Builds the image with podman and runs it (deploy/image/check-image.sh): non-root, ready, transcribing, draining
 * on SIGTERM with exit 0. Runs in {@code mvn -B verify} after the server and client are packaged; it needs podman,
 * runc and mmdebstrap from Debian ({@code .ci/run} installs them) and is skipped, saying what to install,
 * without them. The first run makes a base image from Debian's packages (about a minute); later
 * runs take about 25 s.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class ImageBuildTest {
    @Test
    void theImageBuildsRunsAsNonRootServesAndDrains() throws IOException, InterruptedException {
        for (String tool : List.of("podman", "runc", "mmdebstrap", "curl")) {
            Assumptions.assumeTrue(onPath(tool), tool + " is not installed (apt-get install podman runc mmdebstrap "
                    + "curl): the image cannot be built here");
        }
        Process check = new ProcessBuilder("bash", Path.of("image", "check-image.sh").toString())
                .redirectErrorStream(true).start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        System.out.print(output);

        assertThat(check.waitFor()).as(output).isZero();
        assertThat(output).contains("check-image: PASS");
    }

    private static boolean onPath(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }
}
