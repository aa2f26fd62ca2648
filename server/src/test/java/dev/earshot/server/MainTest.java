package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.EarshotVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The server's command line as the launcher runs it, without starting anything. */
@Timeout(30)
class MainTest {
    private static String versionOutput(String... args) {
        StringWriter out = new StringWriter();
        CommandLine commandLine = Main.commandLine(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8));
        commandLine.setOut(new PrintWriter(out, true));
        int exitCode = commandLine.execute(args);
        assertThat(exitCode).isZero();
        return out.toString().strip();
    }

    @Test
    void serveAndTheTopCommandPrintThePomsVersion() {
        String expected = "earshot " + EarshotVersion.current() + " (Java " + Runtime.version() + ")";

        assertThat(versionOutput("serve", "--version")).isEqualTo(expected);
        assertThat(versionOutput("--version")).isEqualTo(expected);
        // The build filled the version in from the pom, rather than leaving the placeholder.
        assertThat(EarshotVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }
}
