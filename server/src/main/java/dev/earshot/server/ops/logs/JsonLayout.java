package dev.earshot.server.ops.logs;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.LayoutBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.helpers.MessageFormatter;

/**
 * One JSON object a line:
 * {@code {"time":"2026-12-06T12:00:00.123Z","level":"INFO","logger":"dev.earshot.server.session.LiveSession",
 * "thread":"earshot-io-3","request_id":"0f3c…","message":"stream opened: …"}}, plus {@code "error"} (the stack
 * trace, in the same line) when a throwable was logged.
 *
 * <p>The request id: our calls log it first, as {@code LOG.info("[{}] stream opened: {}", requestId, …)}. When a
 * message's pattern starts with {@code [{}]}, its first argument becomes {@code request_id} and the message is
 * the rest of the pattern. Otherwise the MDC key {@code request_id} is used when set. An event with neither has
 * no {@code request_id} field (never null).
 */
final class JsonLayout extends LayoutBase<ILoggingEvent> {
    /** The MDC key, and the JSON field. */
    static final String REQUEST_ID = "request_id";
    private static final String ID_PREFIX = "[{}]";
    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String doLayout(ILoggingEvent event) {
        StringWriter line = new StringWriter(200);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("time", LogFormat.time(event.getInstant()));
            json.writeStringField("level", event.getLevel().toString());
            json.writeStringField("logger", event.getLoggerName());
            json.writeStringField("thread", event.getThreadName());
            Said said = Said.by(event);
            if (said.requestId() != null) {
                json.writeStringField(REQUEST_ID, said.requestId());
            }
            json.writeStringField("message", said.message());
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                json.writeStringField("error", ThrowableProxyUtil.asString(thrown).stripTrailing());
            }
            json.writeEndObject();
        } catch (IOException cannotHappen) {
            throw new UncheckedIOException("a StringWriter failed", cannotHappen);
        }
        return line.append('\n').toString();
    }

    /** An event's request id (null when it has none) and its message without the id. */
    record Said(String requestId, String message) {
        static Said by(ILoggingEvent event) {
            String pattern = event.getMessage();
            Object[] arguments = event.getArgumentArray();
            if (pattern != null && pattern.startsWith(ID_PREFIX) && arguments != null && arguments.length > 0
                    && arguments[0] != null) {
                String rest = pattern.substring(ID_PREFIX.length());
                // Formatted as Logback formats the whole message (LoggingEvent.getFormattedMessage): the
                // throwable, if any, is already apart from the arguments.
                String message = MessageFormatter.arrayFormat(rest.startsWith(" ") ? rest.substring(1) : rest,
                        Arrays.copyOfRange(arguments, 1, arguments.length), null).getMessage();
                return new Said(String.valueOf(arguments[0]), message);
            }
            Map<String, String> mdc = event.getMDCPropertyMap();
            return new Said(mdc == null ? null : mdc.get(REQUEST_ID), event.getFormattedMessage());
        }
    }
}
