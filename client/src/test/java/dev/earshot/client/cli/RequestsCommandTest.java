package dev.earshot.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.client.testing.EarshotProcess;
import dev.earshot.client.testing.SharedServers;
import dev.earshot.client.testing.Speech;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** {@code earshot requests} against a real server's request log (SQLite, as serve keeps it). */
@Timeout(120)
class RequestsCommandTest {
    record Run(int exitCode, String out, String err) {
    }

    private static Run requests(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EarshotCommand.commandLine(() -> false, InputStream.nullInputStream());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 1];
        all[0] = "requests";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Run(commandLine.execute(all), out.toString(), err.toString());
    }

    /** Posts a file with this key; returns the dg-request-id once the log has it. */
    private static String post(URI server, String key) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        server.resolve("/v1/listen")).header("Authorization", "Token " + key)
                .header("Content-Type", "audio/wav").POST(HttpRequest.BodyPublishers.ofFile(Speech.file("speech-a.wav")))
                .build(), HttpResponse.BodyHandlers.ofString());
        String id = answer.headers().firstValue("dg-request-id").orElseThrow();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        // The log writes in the background: the request shows up within a batch.
        while (requests("--url", server.toString(), "--key", EarshotProcess.API_KEY, id).exitCode() != 0) {
            assertThat(Instant.now()).as("request %s in the log", id).isBefore(deadline);
        }
        return id;
    }

    @Test
    void listsRecentRequestsAndShowsOnesTimeline() throws Exception {
        URI server = SharedServers.healthy().baseUri();
        String answered = post(server, EarshotProcess.API_KEY);
        String refused = post(server, "wrong-key");

        Run list = requests("--url", server.toString(), "--key", EarshotProcess.API_KEY);
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out()).contains(answered + "  200").contains(refused + "  401");

        Run failed = requests("--url", server.toString(), "--key", EarshotProcess.API_KEY, "--status", "failed");
        assertThat(failed.out()).contains(refused).doesNotContain(answered);

        Run one = requests("--url", server.toString(), "--key", EarshotProcess.API_KEY, answered);
        assertThat(one.exitCode()).isZero();
        assertThat(one.out()).contains("request " + answered + "  FILE  /v1/listen")
                .contains("answered 200").contains("received POST /v1/listen")
                .doesNotContain(EarshotProcess.API_KEY);
    }

    @Test
    void anUnknownIdIsA404WithTheServersWords() {
        Run run = requests("--url", SharedServers.healthy().baseUri().toString(), "--key", EarshotProcess.API_KEY,
                "00000000-0000-4000-8000-000000000000");
        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).startsWith("earshot: 404 ").contains("request id");
    }

    @Test
    void anUnreachableServerSaysSo() {
        Run run = requests("--url", "http://127.0.0.1:1", "--key", "k");
        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).contains("cannot reach http://127.0.0.1:1");
    }
}
