package dev.earshot.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.client.testing.EarshotProcess;
import dev.earshot.client.testing.SharedServers;
import dev.earshot.client.testing.Speech;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code earshot stream} as a user runs it, against a real Earshot server in its own process. */
@Timeout(120)
class StreamCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path temp;

    /** What one run of the command left behind. */
    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().filter(line -> !line.isBlank()).toList();
        }
    }

    private static Run run(boolean terminal, InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EarshotCommand.commandLine(() -> terminal, stdin);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private static Run stream(String... args) {
        List<String> all = new ArrayList<>(List.of("stream", "--url", SharedServers.healthy().baseUri().toString(),
                "--key", EarshotProcess.API_KEY));
        all.addAll(List.of(args));
        return run(false, InputStream.nullInputStream(), all.toArray(String[]::new));
    }

    @Test
    void aWavFileBecomesItsTranscriptOnStdout() {
        Run run = stream("--fast", Speech.file("speech-a.wav").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Speech.wordsFound(Speech.text("speech-a"), run.out())).isGreaterThan(0.7);
        // Into a pipe: only final transcripts, one per line, no carriage returns.
        assertThat(run.out()).doesNotContain("\r");
        assertThat(run.lines().size()).isBetween(2, 20);
        assertThat(run.err().lines().findFirst()).hasValueSatisfying(first ->
                assertThat(first).matches("request id: " + REQUEST_ID));
    }

    @Test
    void realTimePacingTakesAboutAsLongAsTheAudio() {
        long started = System.nanoTime();
        Run run = stream(Speech.file("speech-b.wav").toString());
        double seconds = (System.nanoTime() - started) / 1e9;

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Speech.wordsFound(Speech.text("speech-b"), run.out())).isGreaterThan(0.7);
        // 13.4 s of audio; the margin below is wide on purpose (a busy machine is only ever slower).
        assertThat(seconds).isGreaterThan(10);
    }

    @Test
    void rawTelephonyAudioWithItsEncoding() {
        Run run = stream("--fast", "--encoding", "mulaw", "--sample-rate", "8000",
                Speech.file("speech-a-8k.mulaw").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Speech.wordsFound(Speech.text("speech-a"), run.out())).isGreaterThan(0.6);
    }

    @Test
    void standardInputIsStreamedAsItComes() throws Exception {
        byte[] wav = Files.readAllBytes(Speech.file("speech-a.wav"));
        Run run = run(false, new ByteArrayInputStream(wav), "stream", "--url",
                SharedServers.healthy().baseUri().toString(), "--key", EarshotProcess.API_KEY, "-");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(Speech.wordsFound(Speech.text("speech-a"), run.out())).isGreaterThan(0.7);
    }

    @Test
    void jsonPrintsEveryMessageAsOneParsableLine() throws Exception {
        Run run = stream("--fast", "--json", Speech.file("speech-a.wav").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<JsonNode> messages = new ArrayList<>();
        for (String line : run.lines()) {
            messages.add(JSON.readTree(line));
        }
        assertThat(messages).extracting(message -> message.path("type").asText()).contains("Results")
                .endsWith("Metadata");
        assertThat(messages).anyMatch(message -> !message.path("is_final").asBoolean(true));
    }

    @Test
    void onATerminalInterimResultsAreRewrittenInPlace() {
        Run run = run(true, InputStream.nullInputStream(), "stream", "--url",
                SharedServers.healthy().baseUri().toString(), "--key", EarshotProcess.API_KEY, "--fast",
                Speech.file("speech-a.wav").toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("\r");
        String shown = run.out().lines().map(line -> line.substring(line.lastIndexOf('\r') + 1))
                .reduce("", (a, b) -> a + " " + b);
        assertThat(Speech.wordsFound(Speech.text("speech-a"), shown)).isGreaterThan(0.7);
    }

    @Test
    void aWrongKeyExitsWith3AndShowsStatusRequestIdAndError() {
        Run run = run(false, InputStream.nullInputStream(), "stream", "--url",
                SharedServers.healthy().baseUri().toString(), "--key", "wrong", "--fast",
                Speech.file("speech-a.wav").toString());

        assertThat(run.exitCode()).isEqualTo(3);
        assertThat(run.err()).containsPattern("request id: " + REQUEST_ID)
                .contains("HTTP 401").contains("dg-error: ").contains("INVALID_AUTH").contains("hint: ");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void bytesThatAreNotAudioExitWith4AndData0000() throws Exception {
        byte[] garbage = new byte[96 * 1024];
        new Random(11).nextBytes(garbage);
        Path file = Files.write(temp.resolve("noise.bin"), garbage);

        Run run = stream("--fast", file.toString());

        assertThat(run.exitCode()).isEqualTo(4);
        assertThat(run.err()).contains("1008").contains("DATA-0000").containsPattern("request id " + REQUEST_ID)
                .contains("earshot doctor");
    }

    @Test
    void noServerExitsWith5() throws Exception {
        Run run = run(false, InputStream.nullInputStream(), "stream", "--url",
                "http://127.0.0.1:" + EarshotProcess.unusedPort(), "--key", "k", Speech.file("speech-a.wav").toString());

        assertThat(run.exitCode()).isEqualTo(5);
        assertThat(run.err()).contains("cannot connect").contains("hint: ");
    }

    @Test
    void theMicrophoneIsUsedWhereThereIsOneAndExplainedWhereThereIsNone() {
        boolean capture = javax.sound.sampled.AudioSystem.isLineSupported(new javax.sound.sampled.DataLine.Info(
                javax.sound.sampled.TargetDataLine.class, new javax.sound.sampled.AudioFormat(16_000f, 16, 1, true,
                false)));

        Run run = stream("--mic", "--seconds", "1");

        if (capture) {
            assertThat(run.exitCode()).as(run.err()).isZero();
        } else {
            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err()).contains("no microphone").contains("capture device");
        }
    }

    @Test
    void usageMistakesExitWith2() {
        assertThat(run(false, InputStream.nullInputStream(), "stream", "--key", "k").exitCode()).isEqualTo(2);
        assertThat(run(false, InputStream.nullInputStream(), "stream", "--key", "k", "--encoding", "mulaw",
                "x.raw").exitCode()).isEqualTo(2);
        assertThat(run(false, InputStream.nullInputStream(), "stream", "--no-such-option").exitCode()).isEqualTo(2);
    }

    /** A server shutting down mid-stream ends it with 1001, which the command reports as such, not as a network failure. */
    @Test
    void aServerDrainingMidStreamIsReportedAsItsCloseNotAsABrokenConnection() throws Exception {
        try (EarshotProcess server = EarshotProcess.start("--drain-period", "1s")) {
            java.util.concurrent.CompletableFuture<Run> streaming = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> run(false, InputStream.nullInputStream(), "stream", "--url", server.baseUri().toString(),
                            "--key", EarshotProcess.API_KEY, Speech.file("speech-a.wav").toString()));
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            java.net.http.HttpRequest status = java.net.http.HttpRequest.newBuilder(
                    server.baseUri().resolve("/v1/status")).build();
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
            while (!http.send(status, java.net.http.HttpResponse.BodyHandlers.ofString()).body()
                    .contains("\"active_stream_requests\":1")) {
                assertThat(System.nanoTime()).as("the stream opened").isLessThan(deadline);
            }
            server.terminate();
            Run run = streaming.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(run.err()).contains("closed with 1001").doesNotContain("connection broke");
            assertThat(run.exitCode()).isEqualTo(4);
        }
    }
}
