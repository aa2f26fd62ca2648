package dev.earshot.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.bench.audio.WireAudio;
import dev.earshot.bench.audio.WireFormat;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** The command line's refusals: exit code 2 and one line saying what to do. No server involved. */
@Timeout(60)
class BenchCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return BenchCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), Map.of()).execute(args);
    }

    @Test
    void refusesContradictoryModes() {
        assertThat(run("--spawn", "--url", "http://127.0.0.1:1")).isEqualTo(2);
        assertThat(err.toString()).contains("--url and --spawn are alternatives");
        assertThat(run("--engine-only", "--spawn")).isEqualTo(2);
        assertThat(err.toString()).contains("--engine-only runs no server");
        assertThat(run("--spawn", "--idle", "10", "--streams", "1,2")).isEqualTo(2);
        assertThat(err.toString()).contains("with --idle, --streams takes one number");
        assertThat(run("--spawn", "--streams", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--streams takes positive numbers");
        assertThat(run("--first-words", "--streams", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--first-words decodes each fixture once");
        assertThat(run("--url", "http://127.0.0.1:1", "--key", "k", "--warm-up", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("--warm-up is for the server --spawn or --efficiency starts");
        assertThat(run("--engine-only", "--telephony")).isEqualTo(2);
        assertThat(err.toString()).contains("--telephony is how a client sends audio to a server");
        assertThat(run("--engine-only", "--post-files", "/tmp")).isEqualTo(2);
        assertThat(err.toString()).contains("--post-files posts beside the live streams of a server");
        assertThat(run("--spawn", "--post-files", "/tmp", "--post-clients", "0")).isEqualTo(2);
    }

    @Test
    void aMissingDirectoryIsAUsageErrorNamingIt() {
        assertThat(run("--spawn", "--fixtures", "/no/such/fixtures")).isEqualTo(2);
        assertThat(err.toString()).contains("--fixtures /no/such/fixtures: no such directory")
                .doesNotContain("Exception");
        assertThat(run("--engine-only", "--model", "pom.xml")).isEqualTo(2);
        assertThat(err.toString()).contains("--model pom.xml: not a directory");
    }

    @Test
    void versionIsThePomsVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString().strip()).isEqualTo(dev.earshot.protocol.EarshotVersion.line());
    }

    @Test
    void refusesWireFormatsAndAccuracyRunsThatCannotBe() {
        assertThat(run("--spawn", "--wire", "flac")).isEqualTo(2);
        assertThat(err.toString()).contains("'flac' is not a wire format: use one of linear16-16k, linear16-8k,"
                + " mulaw-8k, ogg-opus");
        assertThat(run("--spawn", "--wire", "ogg-opus")).isEqualTo(2);
        assertThat(err.toString()).contains("--wire ogg-opus is sent by --accuracy only");
        assertThat(run("--spawn", "--accuracy", "--telephony", "--wire", "ogg-opus")).isEqualTo(2);
        assertThat(err.toString()).contains("--telephony is --wire mulaw-8k: it cannot go with --wire ogg-opus");
        assertThat(run("--engine-only", "--wire", "mulaw-8k")).isEqualTo(2);
        assertThat(err.toString()).contains("--wire is how a client sends audio to a server");
        assertThat(run("--accuracy", "--engine-only")).isEqualTo(2);
        assertThat(err.toString()).contains("--accuracy compares the engine alone with a server");
        assertThat(run("--spawn", "--accuracy", "--duration", "4s")).isEqualTo(2);
        assertThat(run("--spawn", "--accuracy", "--find-max")).isEqualTo(2);
    }

    @Test
    void durationsTakeUnits() {
        BenchCommand.DurationConverter converter = new BenchCommand.DurationConverter();
        assertThat(converter.convert("4s")).isEqualTo(Duration.ofSeconds(4));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(run("--spawn", "--duration", "soon")).isEqualTo(2);
        assertThat(err.toString()).contains("'soon' is not a duration");
    }

    @Test
    void helpListsTheOptions() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("--find-max", "--engine-only", "--first-words", "--efficiency", "--idle", "--json", "--plot",
                "--telephony", "--post-files", "--accuracy", "--wire=FORMAT", "ogg-opus");
    }

    @Test
    void settingsFollowTheMode() {
        CommandLine line = BenchCommand.commandLine(new PrintWriter(out), new PrintWriter(err), Map.of());
        line.parseArgs("--efficiency", "--ramp-step", "4", "--ramp-limit", "12");
        BenchSettings settings = ((BenchCommand) line.getCommand()).settings();
        assertThat(settings.mode()).isEqualTo("efficiency");
        assertThat(settings.findMax()).isTrue();
        assertThat(settings.spawn()).isTrue();
        assertThat(settings.ramp()).containsExactly(4, 8, 12);
        assertThat(settings.mostStreams()).isEqualTo(12);
        assertThat(settings.apiKey()).isNull();
        assertThat(settings.wire(16_000)).isEqualTo(WireAudio.linear16(16_000));

        line.parseArgs("--spawn", "--telephony");
        assertThat(((BenchCommand) line.getCommand()).settings().wire(16_000)).isEqualTo(WireAudio.TELEPHONY);
        assertThat(((BenchCommand) line.getCommand()).settings().wireFormat()).isEqualTo(WireFormat.MULAW_8K);

        line.parseArgs("--spawn", "--wire", "linear16-8k");
        assertThat(((BenchCommand) line.getCommand()).settings().wire(16_000))
                .isEqualTo(new WireAudio("linear16", 8_000, 2, 100));

        line.parseArgs("--spawn", "--accuracy", "--wire", "ogg-opus");
        BenchSettings accuracy = ((BenchCommand) line.getCommand()).settings();
        assertThat(accuracy.mode()).isEqualTo("accuracy");
        assertThat(accuracy.wireFormat()).isEqualTo(WireFormat.OGG_OPUS);
        assertThat(accuracy.stepCounts()).containsExactly(1);
        assertThat(accuracy.mostStreams()).isEqualTo(1);
    }
}
