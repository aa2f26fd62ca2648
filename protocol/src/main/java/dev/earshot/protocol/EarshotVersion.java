package dev.earshot.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The project's version, as the build wrote it from the pom into {@code earshot-version.properties}: what every
 * command's {@code --version} prints and what {@code /v1/status} reports. The protocol module holds it because
 * server, client and bench all depend on it.
 */
public final class EarshotVersion {
    private static final String RESOURCE = "earshot-version.properties";

    private EarshotVersion() {
    }

    /** {@code 0.1.0-SNAPSHOT}, say. */
    public static String current() {
        try (InputStream in = EarshotVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the protocol jar: rebuild with Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The line {@code --version} prints: {@code earshot 0.1.0-SNAPSHOT (Java 17.0.15)}. */
    public static String line() {
        return "earshot " + current() + " (Java " + Runtime.version() + ")";
    }
}
