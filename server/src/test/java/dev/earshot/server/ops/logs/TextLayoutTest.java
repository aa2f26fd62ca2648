package dev.earshot.server.ops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code --log-format text}, the default: the logger's full name and the request id in brackets. */
@Timeout(10)
class TextLayoutTest {
    private static final String TIME = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";

    private final CapturedLog log = new CapturedLog(new TextLayout());

    @Test
    void oneLineWithTimeLevelFullLoggerNameThreadAndTheMessageAsLogged() {
        log.logger("dev.earshot.server.session.LiveSession").info("[{}] stream opened: {}", "0f3c", "{}");
        log.logger("dev.earshot.server.EarshotServer").warn("jetty did not stop cleanly");
        log.logger("dev.earshot.server.engine.DecodeLanes").error("decode task failed");

        String thread = java.util.regex.Pattern.quote(Thread.currentThread().getName());
        assertThat(log.text().split("\n", -1)).satisfiesExactly(
                line -> assertThat(line).matches(TIME + " INFO  dev\\.earshot\\.server\\.session\\.LiveSession \\["
                        + thread + "\\] \\[0f3c\\] stream opened: \\{\\}"),
                line -> assertThat(line).matches(TIME + " WARN  dev\\.earshot\\.server\\.EarshotServer \\["
                        + thread + "\\] jetty did not stop cleanly"),
                line -> assertThat(line).matches(TIME + " ERROR dev\\.earshot\\.server\\.engine\\.DecodeLanes \\["
                        + thread + "\\] decode task failed"),
                line -> assertThat(line).isEmpty());
    }

    @Test
    void lineBreaksInAMessageCannotForgeALine() {
        log.logger("dev.earshot.server.transport.ListenEndpoint")
                .info("[{}] GET /v1/listen refused: 400 {}", "0f3c", "bad\n2026-12-06T12:00:00.000Z INFO  forged\r\u0007");

        assertThat(log.text()).containsOnlyOnce("\n")
                .endsWith("[0f3c] GET /v1/listen refused: 400 bad\\n2026-12-06T12:00:00.000Z INFO  forged\\r\\u0007\n");
    }

    @Test
    void aStackTraceFollowsOnLinesOfItsOwn() {
        log.logger("dev.earshot.server.session.LiveSession").warn("[{}] engine failure", "0f3c",
                new IllegalStateException("native call failed"));

        String[] lines = log.text().split("\n");
        assertThat(lines[0]).endsWith("[0f3c] engine failure");
        assertThat(lines[1]).isEqualTo("java.lang.IllegalStateException: native call failed");
        assertThat(lines[2]).startsWith("\tat dev.earshot.server.ops.logs.TextLayoutTest.");
    }
}
