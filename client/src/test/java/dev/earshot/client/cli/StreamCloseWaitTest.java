package dev.earshot.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.client.testing.ScriptedListenServer;
import dev.earshot.client.testing.Speech;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/**
 * {@code earshot stream} after CloseStream: it waits as long as the server keeps sending, and gives up only on
 * a server that goes quiet, saying so rather than blaming the network. A scripted server sets the pace.
 */
@Timeout(60)
class StreamCloseWaitTest {
    private record Run(int exitCode, String out, String err) {
    }

    private static Run stream(ScriptedListenServer server, String quietLimit) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EarshotCommand.commandLine(() -> false, InputStream.nullInputStream());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute("stream", "--url", server.baseUri().toString(), "--key", "any",
                "--fast", "--quiet-limit", quietLimit, Speech.file("speech-a.wav").toString());
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void finalsThatKeepComingAreAllWaitedForThoughTheyTakeLongerThanTheQuietLimit() throws Exception {
        // Eight finals 0.5 s apart: 4.5 s until the close, more than twice the 2 s quiet limit, but no gap
        // comes near it. A fixed wait of 2 s would cut the stream off after the third final.
        try (ScriptedListenServer server = new ScriptedListenServer(8, Duration.ofMillis(500))) {
            Run run = stream(server, "2s");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK.code());
            assertThat(run.out().lines().toList()).containsExactly(ScriptedListenServer.transcript(1),
                    ScriptedListenServer.transcript(2), ScriptedListenServer.transcript(3),
                    ScriptedListenServer.transcript(4), ScriptedListenServer.transcript(5),
                    ScriptedListenServer.transcript(6), ScriptedListenServer.transcript(7),
                    ScriptedListenServer.transcript(8));
        }
    }

    @Test
    void aServerQuietAfterCloseStreamIsATimeoutWithItsOwnExitCodeNotANetworkFailure() throws Exception {
        try (ScriptedListenServer server = new ScriptedListenServer(0, Duration.ZERO)) {
            Run run = stream(server, "1s");

            assertThat(server.closeStreamReceived().getCount()).isZero();
            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.SERVER_QUIET.code());
            assertThat(run.err()).contains("earshot: timed out waiting for the server (no message for 1 s after "
                    + "CloseStream)").doesNotContain("Exception").doesNotContain("connection broke")
                    .doesNotContain("is the server running");
        }
    }

    @Test
    void aQuietLimitOfZeroIsAUsageError() throws Exception {
        try (ScriptedListenServer server = new ScriptedListenServer(0, Duration.ZERO)) {
            Run run = stream(server, "0s");

            assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE.code());
            assertThat(run.err()).contains("--quiet-limit must be longer than 0");
        }
    }
}
