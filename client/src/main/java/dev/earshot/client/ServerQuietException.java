package dev.earshot.client;

import java.time.Duration;

/** The server sent nothing for a whole waiting period while the client waited for it to close the stream. */
public final class ServerQuietException extends Exception {
    private final Duration quietLimit;

    public ServerQuietException(Duration quietLimit) {
        super("no message from the server for " + inWords(quietLimit));
        this.quietLimit = quietLimit;
    }

    /** {@code 30 s}, or {@code 500 ms} for a limit under a second. */
    public static String inWords(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    /** How long the server was quiet when the client gave up. */
    public Duration quietLimit() {
        return quietLimit;
    }
}
