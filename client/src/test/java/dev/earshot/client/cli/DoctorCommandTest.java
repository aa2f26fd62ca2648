package dev.earshot.client.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.client.testing.EarshotProcess;
import dev.earshot.client.testing.SharedServers;
import dev.earshot.client.testing.Speech;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code earshot doctor} against a real Earshot server in its own process, fed the mistakes Deepgram's
 * troubleshooting guide lists. The files are made from the committed 16 kHz speech fixture.
 */
@Timeout(180)
class DoctorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REQUEST_ID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    @TempDir
    Path temp;

    /** One check's line of the JSON report. */
    record Check(String verdict, String evidence, String fix) {
    }

    /** A doctor run: exit code, the checks by name, and the raw output. */
    record Report(int exitCode, Map<String, Check> checks, String overall, String out, String err) {
        Check check(String name) {
            assertThat(checks).as(out).containsKey(name);
            return checks.get(name);
        }
    }

    private Report doctorAt(String url, String key, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("doctor", "--json", "--url", url, "--key", key,
                "--preview", temp.resolve("preview.wav").toString()));
        all.addAll(List.of(args));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = EarshotCommand.commandLine(() -> false, InputStream.nullInputStream());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(all.toArray(String[]::new));
        JsonNode root = JSON.readTree(out.toString());
        Map<String, Check> checks = new LinkedHashMap<>();
        for (JsonNode check : root.path("checks")) {
            checks.put(check.path("check").asText(), new Check(check.path("verdict").asText(),
                    check.path("evidence").asText(), check.path("fix").asText()));
        }
        return new Report(exitCode, checks, root.path("verdict").asText(), out.toString(), err.toString());
    }

    private Report doctor(String... args) throws Exception {
        return doctorAt(SharedServers.healthy().baseUri().toString(), EarshotProcess.API_KEY, args);
    }

    private Path write(String name, byte[] bytes) throws Exception {
        return Files.write(temp.resolve(name), bytes);
    }

    // Files with the mistakes in them, made from the 16 kHz fixture.

    private static short[] samples16k() {
        ByteBuffer pcm = ByteBuffer.wrap(Speech.pcm("speech-a.wav")).order(ByteOrder.LITTLE_ENDIAN);
        short[] samples = new short[pcm.capacity() / 2];
        pcm.asShortBuffer().get(samples);
        return samples;
    }

    private static byte[] linear16(short[] samples, ByteOrder order) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(order);
        bytes.asShortBuffer().put(samples);
        return bytes.array();
    }

    /** 8 kHz: a 4-tap low-pass, then every other sample. */
    private static short[] downTo8k(short[] samples) {
        short[] half = new short[samples.length / 2];
        for (int i = 0; i < half.length; i++) {
            int at = 2 * i;
            int sum = 2 * samples[at] + samples[Math.max(0, at - 1)] + samples[Math.min(samples.length - 1, at + 1)];
            half[i] = (short) (sum / 4);
        }
        return half;
    }

    private static short[] stereo(short[] left, short[] right) {
        short[] both = new short[2 * Math.min(left.length, right.length)];
        for (int i = 0; i < both.length / 2; i++) {
            both[2 * i] = left[i];
            both[2 * i + 1] = right[i];
        }
        return both;
    }

    @Test
    void aCleanFileAgainstAHealthyServerPassesEveryCheck() throws Exception {
        Report report = doctor(Speech.file("speech-a.wav").toString());

        assertThat(report.checks().values()).as(report.out()).allMatch(check -> check.verdict().equals("PASS"));
        assertThat(report.checks()).containsKeys("reachable", "tls", "upgrade", "credentials", "file", "declaration",
                "preview", "live-stream", "idle", "keepalive");
        assertThat(report.check("upgrade").evidence()).containsPattern("101 Switching Protocols.*" + REQUEST_ID);
        assertThat(report.check("live-stream").evidence()).contains("first Results after").contains("closed 1000");
        assertThat(report.overall()).isEqualTo("PASS");
        assertThat(report.exitCode()).isZero();
        assertThat(temp.resolve("preview.wav")).isRegularFile();
    }

    @Test
    void cleanRawAudioDeclaredRightPasses() throws Exception {
        Path raw = write("speech.raw", linear16(samples16k(), ByteOrder.LITTLE_ENDIAN));

        Report report = doctor("--skip", "idle", raw.toString(), "--encoding", "linear16", "--sample-rate", "16000");

        assertThat(report.checks()).as(report.out()).allSatisfy((name, check) ->
                assertThat(check.verdict()).isEqualTo(name.equals("idle") ? "SKIP" : "PASS"));
        assertThat(report.checks()).containsKeys("encoding", "channels", "sample-rate", "live-stream");
    }

    @Test
    void aWavFileDeclaredAsRawLinear16WithItsHeader() throws Exception {
        Report report = doctor("--skip", "idle,live", Speech.file("speech-a.wav").toString(),
                "--encoding", "linear16", "--sample-rate", "16000");

        Check declaration = report.check("declaration");
        assertThat(declaration.verdict()).isIn("WARN", "FAIL");
        assertThat(declaration.evidence()).contains("WAV").contains("header");
        assertThat(declaration.fix()).contains("omit encoding");
    }

    @Test
    void eightKilohertzAudioDeclaredAsSixteen() throws Exception {
        Path raw = write("speech-8k.raw", linear16(downTo8k(samples16k()), ByteOrder.LITTLE_ENDIAN));

        Report report = doctor("--skip", "idle,live", raw.toString(), "--encoding", "linear16",
                "--sample-rate", "16000");

        assertThat(report.check("sample-rate").verdict()).as(report.out()).isEqualTo("FAIL");
        assertThat(report.check("sample-rate").fix()).isEqualTo("declare sample_rate=8000");
        assertThat(report.check("encoding").verdict()).isEqualTo("PASS");
    }

    @Test
    void muLawDeclaredAsLinear16() throws Exception {
        Report report = doctor("--skip", "idle,live", Speech.file("speech-a-8k.mulaw").toString(),
                "--encoding", "linear16", "--sample-rate", "8000");

        assertThat(report.check("encoding").verdict()).as(report.out()).isEqualTo("FAIL");
        assertThat(report.check("encoding").fix()).isEqualTo("declare encoding=mulaw");
    }

    @Test
    void stereoDeclaredAsMono() throws Exception {
        short[] speech = samples16k();
        Path sameInBoth = write("same.raw", linear16(stereo(speech, speech), ByteOrder.LITTLE_ENDIAN));
        short[] delayed = new short[speech.length];
        System.arraycopy(speech, 4_000, delayed, 0, speech.length - 4_000);
        Path different = write("different.raw", linear16(stereo(speech, delayed), ByteOrder.LITTLE_ENDIAN));

        for (Path file : List.of(sameInBoth, different)) {
            Report report = doctor("--skip", "idle,live,trial", file.toString(), "--encoding", "linear16",
                    "--sample-rate", "16000");

            assertThat(report.check("channels").verdict()).as(file + "\n" + report.out()).isEqualTo("FAIL");
            assertThat(report.check("channels").fix()).startsWith("declare channels=2");
        }
    }

    @Test
    void bigEndianSamplesDeclaredAsLinear16() throws Exception {
        Path raw = write("speech-be.raw", linear16(samples16k(), ByteOrder.BIG_ENDIAN));

        Report report = doctor("--skip", "idle,live,trial", raw.toString(), "--encoding", "linear16",
                "--sample-rate", "16000");

        assertThat(report.check("byte-order").verdict()).as(report.out()).isEqualTo("FAIL");
        assertThat(report.check("byte-order").fix()).contains("swap the bytes");
    }

    @Test
    void rawAudioWithoutEncodingGetsAGuess() throws Exception {
        Path raw = write("speech.raw", linear16(samples16k(), ByteOrder.LITTLE_ENDIAN));

        Report report = doctor("--skip", "idle,live", raw.toString());

        assertThat(report.check("declaration").verdict()).as(report.out()).isEqualTo("FAIL");
        assertThat(report.check("declaration").evidence()).contains("DATA-0000");
        assertThat(report.check("declaration").fix()).isEqualTo("declare encoding=linear16&sample_rate=16000");
    }

    @Test
    void aWrongKey() throws Exception {
        Report report = doctorAt(SharedServers.healthy().baseUri().toString(), "not-the-key", "--skip", "idle,live",
                Speech.file("speech-a.wav").toString());

        Check credentials = report.check("credentials");
        assertThat(credentials.verdict()).isEqualTo("FAIL");
        assertThat(credentials.evidence()).contains("HTTP 401").containsPattern("dg-request-id " + REQUEST_ID)
                .contains("dg-error \"Invalid credentials.\"").contains("INVALID_AUTH");
        assertThat(credentials.fix()).contains("API key");
        assertThat(report.check("live-stream").verdict()).isEqualTo("SKIP");
        assertThat(report.exitCode()).isEqualTo(1);
    }

    @Test
    void aWrongPort() throws Exception {
        Report report = doctorAt("http://127.0.0.1:" + EarshotProcess.unusedPort(), EarshotProcess.API_KEY,
                Speech.file("speech-a.wav").toString());

        assertThat(report.check("reachable").verdict()).isEqualTo("FAIL");
        assertThat(report.check("reachable").evidence()).contains("connection refused");
        assertThat(report.check("reachable").fix()).contains("port");
        assertThat(report.check("credentials").verdict()).isEqualTo("SKIP");
        // The file is still examined without a server.
        assertThat(report.check("declaration").verdict()).isEqualTo("PASS");
    }

    @Test
    void aServerThatClosesQuietStreamsAfter2sAndAClientThatPauses5s() throws Exception {
        Report report = doctorAt(SharedServers.quickIdle().baseUri().toString(), EarshotProcess.API_KEY,
                "--pause", "5s");

        Check idle = report.check("idle");
        assertThat(idle.verdict()).as(report.out()).isEqualTo("WARN");
        assertThat(idle.evidence()).containsPattern("went quiet after [23]\\.\\d s").contains("NET-0001")
                .contains("pauses up to 5.0 s");
        assertThat(idle.fix()).contains("KeepAlive");
        assertThat(report.check("keepalive").verdict()).isEqualTo("PASS");
    }

    @Test
    void theTextReportHasOneLinePerCheckWithTheFixBeneath() {
        StringWriter out = new StringWriter();
        CommandLine commandLine = EarshotCommand.commandLine(() -> false, InputStream.nullInputStream());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(new StringWriter(), true));

        int exitCode = commandLine.execute("doctor", "--url", SharedServers.healthy().baseUri().toString(), "--key",
                "wrong", "--skip", "idle");

        assertThat(exitCode).isEqualTo(1);
        assertThat(out.toString()).containsPattern("(?m)^PASS  reachable +TCP connection")
                .containsPattern("(?m)^FAIL  credentials +HTTP 401")
                .containsPattern("(?m)^ +fix: check the API key")
                .containsPattern("(?m)^FAIL: \\d+ pass, 0 warn, 1 fail, \\d+ skipped$");
    }
}
