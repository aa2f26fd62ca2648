package dev.earshot.server.ops.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;

/**
 * {@code 2026-12-06T12:00:00.123Z INFO  dev.earshot.server.session.LiveSession [earshot-io-3] [id] stream opened: ...}:
 * time (UTC), level, the logger's full name, thread, and the message as it was logged, request id included.
 * Line breaks and other control characters in the message are written as escapes ({@code \n}), so that a
 * message quoting a client cannot forge a line; a throwable's stack trace follows on lines of its own.
 */
final class TextLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent event) {
        StringBuilder line = new StringBuilder(160);
        String level = event.getLevel().toString();
        line.append(LogFormat.time(event.getInstant())).append(' ').append(level)
                .append(" ".repeat(Math.max(1, 6 - level.length())))
                .append(event.getLoggerName()).append(" [").append(event.getThreadName()).append("] ");
        appendEscaped(line, event.getFormattedMessage());
        line.append('\n');
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown != null) {
            line.append(ThrowableProxyUtil.asString(thrown));
        }
        return line.toString();
    }

    static void appendEscaped(StringBuilder line, String message) {
        if (message == null) {
            line.append("null");
            return;
        }
        for (int i = 0; i < message.length(); i++) {
            char c = message.charAt(i);
            if (c == '\n') {
                line.append("\\n");
            } else if (c == '\r') {
                line.append("\\r");
            } else if (c == '\t') {
                line.append(c);
            } else if (Character.isISOControl(c)) {
                line.append(String.format("\\u%04x", (int) c));
            } else {
                line.append(c);
            }
        }
    }
}
