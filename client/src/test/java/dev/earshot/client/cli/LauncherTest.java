package dev.earshot.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./earshot} launcher on a checkout that was never built, with a scripted {@code mvn} first on the
 * PATH: what a new user sees while the first build runs, and when it fails. No real build.
 */
@Timeout(60)
class LauncherTest {
    /** What Debian's Maven 3.8 prints, colour resets included, before failing. */
    private static final String FAKE_MAVEN = """
            #!/bin/sh
            printf '\\033[0m\\033[0m[INFO] Scanning for projects...\\n'
            echo '[INFO] Building Earshot protocol 1.2.3                                  [2/7]'
            echo '[INFO] Downloading from central: https://repo.maven.apache.org/x.pom'
            echo '[INFO] Downloaded from central: https://repo.maven.apache.org/x.pom'
            echo '[INFO] Building Earshot client 1.2.3                                    [4/7]'
            printf '\\033[1;31m[ERROR]\\033[m COMPILATION ERROR: Foo.java:[3,1] oops\\n'
            exit 1
            """;

    @TempDir
    Path checkout;

    private record Run(int exitCode, String out, String err) {
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        Files.copy(Path.of("..", "earshot"), checkout.resolve("earshot"));
        Files.writeString(checkout.resolve("pom.xml"), "<project>\n  <modelVersion>4.0.0</modelVersion>\n"
                + "  <version>1.2.3</version>\n</project>\n");
        Path bin = Files.createDirectory(checkout.resolve("bin"));
        Files.writeString(bin.resolve("mvn"), FAKE_MAVEN);
        Files.setPosixFilePermissions(bin.resolve("mvn"), PosixFilePermissions.fromString("rwxr-xr-x"));
        ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of("bash", checkout.resolve("earshot").toString())));
        builder.command().addAll(List.of(args));
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("TMPDIR", checkout.toString());
        builder.redirectOutput(checkout.resolve("out.txt").toFile()).redirectError(checkout.resolve("err.txt").toFile());
        Process process = builder.start();
        assertThat(process.waitFor(50, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), Files.readString(checkout.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(checkout.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    @Test
    void theFirstBuildShowsOneLinePerModuleAndOnFailureTheEndOfItsLogWithoutEscapes() throws Exception {
        Run run = launch("stream", "--version");

        assertThat(run.exitCode()).isEqualTo(1);
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(0)).startsWith("earshot: building (first use; the first build takes a minute or two");
        assertThat(lines.subList(1, 4)).containsExactly("earshot:   Earshot protocol 1.2.3 [2/7]",
                "earshot:   downloading dependencies...", "earshot:   Earshot client 1.2.3 [4/7]");
        assertThat(lines.get(4)).startsWith("earshot: the build failed; the end of its log (" + checkout);
        assertThat(run.err()).contains("[ERROR] COMPILATION ERROR: Foo.java:[3,1] oops")
                .doesNotContain("Downloading from").doesNotContain("\u001b");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void versionComesFromThePomWithoutABuild() throws Exception {
        Run run = launch("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).isEqualTo("earshot 1.2.3\n");
        assertThat(run.err()).isEmpty();
    }
}
