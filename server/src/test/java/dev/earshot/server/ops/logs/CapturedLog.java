package dev.earshot.server.ops.logs;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Layout;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * A Logback context of its own whose lines, made by the layout under test and its UTF-8 encoder, go to memory:
 * the same path as {@link LogFormat#configure}'s, but for the appender.
 */
final class CapturedLog {
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    CapturedLog(Layout<ILoggingEvent> layout) {
        context.setMDCAdapter(new LogbackMDCAdapter());
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setName("memory");
        appender.setEncoder(LogFormat.encoder(context, layout));
        appender.setOutputStream(bytes);
        appender.start();
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
    }

    Logger logger(String name) {
        return context.getLogger(name);
    }

    /** Sets an MDC entry for this context's loggers, on the calling thread. */
    void mdc(String key, String value) {
        context.getMDCAdapter().put(key, value);
    }

    /** Everything written so far, read as UTF-8. */
    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
