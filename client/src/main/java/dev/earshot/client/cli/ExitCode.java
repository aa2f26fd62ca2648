package dev.earshot.client.cli;

/** What the {@code earshot} commands return, for scripts to act on. */
enum ExitCode {
    /** The stream ended normally (1000). */
    OK(0),
    /** {@code earshot doctor}: at least one check FAILed. */
    CHECKS_FAILED(1),
    /** Bad arguments, or nothing to stream (no key, no microphone). */
    USAGE(2),
    /** The server refused the upgrade (4xx/5xx): the status and dg-error say why. */
    REFUSED(3),
    /** The server closed the stream with an error code (DATA-0000, NET-0001, ...). */
    CLOSED_WITH_ERROR(4),
    /** The server could not be reached, or the connection broke without a close. */
    NETWORK(5);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }
}
