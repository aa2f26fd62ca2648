package dev.earshot.server.ops.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

@Timeout(10)
class LogFormatTest {
    @Test
    void jettyOnlyWarnsAndEarshotSaysInfoOnStderr() {
        LoggerContext context = new LoggerContext();
        LogFormat.apply(context, LogFormat.layout(LogFormat.JSON));

        assertThat(context.getLogger("org.eclipse.jetty.server.Server").getEffectiveLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("dev.earshot.server.session.LiveSession").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stderr");
        assertThat(stderr.getTarget()).isEqualTo("System.err");
        assertThat(((LayoutWrappingEncoder<?>) stderr.getEncoder()).getLayout()).isInstanceOf(JsonLayout.class);
        context.stop();
    }

    @Test
    void onlyTextAndJsonAreFormats() {
        assertThat(LogFormat.layout("text")).isInstanceOf(TextLayout.class);
        assertThat(LogFormat.layout("json")).isInstanceOf(JsonLayout.class);
        assertThatThrownBy(() -> LogFormat.layout("xml")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("log-format must be text or json: xml");
    }

    /** No logback.xml is on the server's classpath: a JVM that never ran serve logs text (DefaultLogging). */
    @Test
    void aJvmThatNeverRanServeLogsText() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ConsoleAppender<?> stderr = (ConsoleAppender<?>) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("stderr");

        assertThat(((LayoutWrappingEncoder<?>) stderr.getEncoder()).getLayout()).isInstanceOf(TextLayout.class);
        assertThat(context.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
    }
}
