package dev.earshot.bench.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Whether this process may open as many sockets as a test needs: every connection is a file descriptor. */
public final class FileDescriptors {
    /** Jars, native libraries, the model's files, pipes and the JVM's own. */
    static final int BASELINE = 256;

    private FileDescriptors() {
    }

    /**
     * Empty when {@code needed} more descriptors fit under the soft limit; otherwise the message to show.
     *
     * @param what what needs them, e.g. "--idle 2000 with --spawn (client and server end of each socket)"
     */
    public static Optional<String> shortfall(long needed, String what) {
        OptionalLong limit = ProcFiles.read(Path.of("/proc/self/limits")).map(ProcFiles::openFilesLimit)
                .orElse(OptionalLong.empty());
        return shortfall(needed, what, limit, open());
    }

    static Optional<String> shortfall(long needed, String what, OptionalLong limit, long open) {
        if (limit.isEmpty() || open + needed + BASELINE <= limit.getAsLong()) {
            return Optional.empty();
        }
        long suggested = Math.max(4096, Long.highestOneBit((open + needed + BASELINE) * 2));
        return Optional.of(what + " needs about " + (needed + BASELINE) + " file descriptors, but this process may open "
                + limit.getAsLong() + " (" + open + " in use): raise the limit first, e.g. 'ulimit -n " + suggested
                + "' in this shell (and for the server's, if it runs elsewhere)");
    }

    private static long open() {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        } catch (IOException | RuntimeException unknown) {
            return 0;
        }
    }
}
