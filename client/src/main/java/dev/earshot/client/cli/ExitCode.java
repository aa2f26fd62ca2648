package dev.earshot.client.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the {@code earshot} commands return, for scripts to act on. The one list: {@code --help} prints it
 * ({@link #helpList()}) and the README repeats it.
 */
enum ExitCode {
    /** The stream ended normally (1000). */
    OK(0, "ok"),
    /** {@code earshot doctor}: at least one check FAILed. */
    CHECKS_FAILED(1, "doctor: a check FAILed"),
    /** Bad arguments, or nothing to stream (no key, no microphone, a file that cannot be read). */
    USAGE(2, "usage: bad arguments, a file that cannot be read, no key"),
    /** The server refused the upgrade (4xx/5xx): the status and dg-error say why. */
    REFUSED(3, "the server refused the stream (HTTP status and dg-error)"),
    /** The server closed the stream with an error code (DATA-0000, NET-0001, ...). */
    CLOSED_WITH_ERROR(4, "the server closed the stream with an error code"),
    /** The server could not be reached, or the connection broke without a close. */
    NETWORK(5, "network: no server, or the connection broke without a close"),
    /**
     * {@code earshot stream}: after CloseStream the server sent nothing for the quiet limit and did not close;
     * the connection itself was fine.
     */
    SERVER_QUIET(6, "the server sent nothing for --quiet-limit after CloseStream");

    private final int code;
    private final String summary;

    ExitCode(int code, String summary) {
        this.code = code;
        this.summary = summary;
    }

    int code() {
        return code;
    }

    /** Code to summary, in order, for picocli's {@code exitCodeList}. */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        for (ExitCode exit : values()) {
            list.put(String.valueOf(exit.code), exit.summary);
        }
        return list;
    }
}
