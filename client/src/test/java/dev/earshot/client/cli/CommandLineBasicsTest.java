package dev.earshot.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.EarshotVersion;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** What every client command answers before it talks to any server: versions, exit codes, unreadable files. */
@Timeout(30)
class CommandLineBasicsTest {
    @TempDir
    Path temp;

    private record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EarshotCommand.commandLine(() -> false, InputStream.nullInputStream());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setUsageHelpWidth(160);
        return new Run(commandLine.execute(args), out.toString(), err.toString());
    }

    @Test
    void everyCommandPrintsThePomsVersion() {
        for (String command : new String[] {"stream", "doctor", "requests"}) {
            Run run = run(command, "--version");

            assertThat(run.exitCode()).as(command).isZero();
            assertThat(run.out().strip()).as(command).isEqualTo(EarshotVersion.line());
        }
        assertThat(run("--version").out().strip()).isEqualTo(EarshotVersion.line());
        assertThat(EarshotVersion.current()).matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
    }

    @Test
    void helpEndsWithTheExitCodesFromTheirOneList() {
        String help = run("stream", "--help").out();

        assertThat(help).contains("Exit codes:");
        for (ExitCode exit : ExitCode.values()) {
            assertThat(help).containsPattern("(?m)^\\s*" + exit.code() + "\\s+" + java.util.regex.Pattern.quote(
                    ExitCode.helpList().get(String.valueOf(exit.code()))));
        }
    }

    @Test
    void aMissingFileIsAUsageErrorNamingThePath() {
        Path missing = temp.resolve("no-such-recording.wav");

        Run stream = run("stream", "--key", "k", "--url", "http://127.0.0.1:9", missing.toString());
        Run doctor = run("doctor", "--key", "k", "--url", "http://127.0.0.1:9", missing.toString());

        for (Run run : new Run[] {stream, doctor}) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE.code());
            assertThat(run.err()).contains("earshot: cannot read " + missing + ": no such file")
                    .doesNotContain("Exception");
        }
    }

    @Test
    void aDirectoryIsAUsageErrorSayingSo() {
        Run run = run("stream", "--key", "k", "--url", "http://127.0.0.1:9", temp.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
        assertThat(run.err().strip()).isEqualTo("earshot: cannot read " + temp + ": it is a directory");
    }
}
