package dev.earshot.server.ops.logs;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's set-up when the JVM first logs, before {@code serve} has read its {@code log-format}, and in JVMs
 * that host the server without {@code serve} (the tests): {@link LogFormat#TEXT}. A JVM that brings its own
 * {@code logback.xml} (the bench), {@code logback-test.xml} or {@code -Dlogback.configurationFile} gets that
 * instead. Logback finds this class through {@code META-INF/services} and asks it before it looks for files.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ClassLoader loader = DefaultLogging.class.getClassLoader();
        if (System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY) != null
                || loader.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null
                || loader.getResource(ClassicConstants.AUTOCONFIG_FILE) != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        LogFormat.apply(context, new TextLayout());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}
