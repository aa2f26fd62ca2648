package dev.earshot.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import picocli.CommandLine;

/** Each setting is declared once, in {@link Setting}: the defaults, {@code serve --help} and the README follow it. */
@Timeout(30)
class SettingTest {
    private static final String TABLE_START = "<!-- settings: made from Setting.java, checked by SettingTest -->";
    private static final String TABLE_END = "<!-- /settings -->";

    @Test
    void everyComponentOfSettingsIsDeclaredAndEveryDeclarationChangesOne() {
        Settings defaults = Settings.defaults(List.of("k"), Path.of("m"));
        List<Setting> declared = Arrays.stream(Setting.values()).filter(Setting::inSettings).toList();
        // Keys, model and the decode limits are not read into Settings from one value.
        assertThat(declared).hasSize(Settings.class.getRecordComponents().length - 3);
        for (Setting setting : declared) {
            SettingsBuilder builder = defaults.toBuilder();
            setting.applyTo(builder, otherValue(setting));
            assertThat(builder.build()).as(setting.flag()).isNotEqualTo(defaults);
        }
    }

    /** A valid value unlike the default. */
    private static String otherValue(Setting setting) {
        return switch (setting) {
            case HOST -> "0.0.0.0";
            case MODEL_LANGUAGE -> "de";
            case DATABASE -> "none";
            case LOG_FORMAT -> "json";
            case DATA_DIR -> "/tmp/elsewhere";
            case SEGMENT_HARD_LIMIT -> "21s";
            case SEGMENT_SOFT_LIMIT -> "14s";
            case UPLOAD_TIMEOUT -> "9s";
            default -> switch (setting.unit()) {
                case SWITCH -> "true";
                case DURATION -> "61s";
                case SIZE -> "3KiB";
                default -> "7";
            };
        };
    }

    @Test
    void defaultsAreTheDeclaredOnes() {
        Settings defaults = Settings.defaults(List.of("k"), Path.of("m"));
        assertThat(defaults.maxStreams()).isEqualTo(6 * Settings.CORES);
        assertThat(defaults.warmUp()).isEqualTo(defaults.warmRecognizers());
        assertThat(defaults.firstAudioTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(defaults.requestLogMaxAge()).isEqualTo(Duration.ofDays(30));
        assertThat(defaults.maxFrameBytes()).isEqualTo(8L << 20);
    }

    @Test
    void aWrongValueNamesTheFlagAndTheEnvironmentVariable() {
        SettingsBuilder builder = Settings.defaults(List.of("k"), Path.of("m")).toBuilder();
        assertThatThrownBy(() -> Setting.IDLE_TIMEOUT.applyTo(builder, "soon"))
                .hasMessageContaining("--idle-timeout (EARSHOT_IDLE_TIMEOUT): 'soon'");
        assertThatThrownBy(() -> Setting.MAX_STREAMS.applyTo(builder, "many")).hasMessageContaining("--max-streams");
    }

    @Test
    void serveHelpListsEveryFlagWithItsEnvironmentVariableAndDefault() {
        StringWriter help = new StringWriter();
        CommandLine serve = new CommandLine(new ServeCommand(new PrintStream(new ByteArrayOutputStream(), true,
                StandardCharsets.UTF_8)).spec());
        serve.setOut(new PrintWriter(help));
        serve.setUsageHelpWidth(200);
        assertThat(serve.execute("--help")).isZero();
        String text = help.toString();
        for (Setting setting : Setting.values()) {
            assertThat(text).contains(setting.flag()).contains("[" + setting.environmentVariable() + "]");
        }
        assertThat(text).contains("~96 MB each").contains("Default 6/core.");
    }

    @Test
    void theReadmeTableIsMadeFromTheDeclarations() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(TABLE_START);
        int end = readme.indexOf(TABLE_END);
        assertThat(start).as("README marker " + TABLE_START).isNotNegative();
        String table = readme.substring(start + TABLE_START.length(), end).strip();
        assertThat(table).as("README's settings table; replace it with:\n" + table()).isEqualTo(table());
    }

    static String table() {
        return "| flag | environment | default | what, and why |\n|---|---|---|---|\n"
                + Arrays.stream(Setting.values()).map(s -> "| `" + s.flag() + "` | `" + s.environmentVariable() + "` | "
                        + (s.defaultValue() == null ? "—" : "`" + s.defaultValue() + "`") + " | "
                        + (s.summary() + " " + s.why()).strip().replace("|", "\\|") + " |")
                .collect(Collectors.joining("\n"));
    }
}
