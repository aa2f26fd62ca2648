package dev.earshot.server.ops.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the server's log lines look: one event a line on stderr, as {@code text} ({@link TextLayout}) or
 * {@code json} ({@link JsonLayout}). {@code earshot serve} calls {@link #configure} with its {@code log-format}
 * once its settings are read, before it loads the model; until then, and in a JVM that never calls it, {@link DefaultLogging} has set up
 * {@code text}.
 *
 * <p>Levels: Jetty only warns, Earshot and everything else say INFO. The system properties
 * {@code -Ddev.earshot.LEVEL=DEBUG} and {@code -Dorg.eclipse.jetty.LEVEL=INFO} change them, as they did under
 * Jetty's own logger.
 */
public final class LogFormat {
    public static final String TEXT = "text";
    public static final String JSON = "json";
    /** UTC, to the millisecond, always with its three digits: lines sort and line up as text. */
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX")
            .withZone(ZoneOffset.UTC);

    private LogFormat() {
    }

    /**
     * Replaces whatever logging was set up with lines of this format on stderr.
     *
     * @param format {@code text} or {@code json}, as {@code Settings.logFormat()} holds it
     */
    public static void configure(String format) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("Logback is not SLF4J's logger here: "
                    + LoggerFactory.getILoggerFactory().getClass().getName());
        }
        apply(context, layout(format));
    }

    static Layout<ILoggingEvent> layout(String format) {
        return switch (format) {
            case TEXT -> new TextLayout();
            case JSON -> new JsonLayout();
            default -> throw new IllegalArgumentException("log-format must be text or json: " + format);
        };
    }

    static void apply(LoggerContext context, Layout<ILoggingEvent> layout) {
        context.reset();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("stderr");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder(context, layout));
        stderr.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        level(context, "dev.earshot", Level.INFO);
        level(context, "org.eclipse.jetty", Level.WARN);
        // Flyway migrates the request log's schema at every start and says so in six lines; its warnings matter.
        level(context, "org.flywaydb", Level.WARN);
    }

    /** Lines of this layout in UTF-8, whatever the platform's charset (Java 17's is the locale's). */
    static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext context, Layout<ILoggingEvent> layout) {
        layout.setContext(context);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.setLayout(layout);
        encoder.start();
        return encoder;
    }

    private static void level(LoggerContext context, String logger, Level byDefault) {
        context.getLogger(logger).setLevel(Level.toLevel(System.getProperty(logger + ".LEVEL"), byDefault));
    }

    static String time(Instant instant) {
        return TIME.format(instant);
    }
}
