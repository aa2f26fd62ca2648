package dev.earshot.fleet;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * deploy/local/fleet.sh, run as a developer runs it, with its state in a temporary directory and its balancer on a
 * free port. Each command's output goes to a file (its background children must not hold a pipe of ours open).
 */
final class Fleet {
    static final String API_KEY = "fleet-test-key";
    /** Small and quick replicas: no warm-up, one stream each (so two streams fill the fleet), a 3 s drain. */
    private static final Map<String, String> REPLICA_SETTINGS = Map.of("EARSHOT_API_KEYS", API_KEY,
            "EARSHOT_WARM_UP", "0", "EARSHOT_WARM_RECOGNIZERS", "1", "EARSHOT_MAX_STREAMS", "1",
            "EARSHOT_DRAIN_PERIOD", "3s", "EARSHOT_FLEET_BUILD", "0");

    private final Path script = Path.of(System.getProperty("earshot.fleet.script", "fleet.sh")).toAbsolutePath();
    private final Path directory;
    private final int port;
    private int commands;

    Fleet() throws IOException {
        // Readable by others: as root, PostgreSQL runs as postgres and keeps its data under this directory.
        directory = Files.createTempDirectory("earshot-fleet-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    Path directory() {
        return directory;
    }

    /** Starts {@code fleet.sh ARGS}; its output is in {@link #output(Started)}. */
    Started start(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", script.toString()));
        command.addAll(List.of(arguments));
        Path output = directory.resolve("command-" + (++commands) + "-" + arguments[0] + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(script.getParent().toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(name -> name.startsWith("EARSHOT_"));
        builder.environment().putAll(REPLICA_SETTINGS);
        builder.environment().put("EARSHOT_FLEET_DIR", directory.resolve("state").toString());
        builder.environment().put("EARSHOT_FLEET_PORT", Integer.toString(port));
        return new Started(builder.start(), output);
    }

    /** Runs {@code fleet.sh ARGS} to its end; its output, or an AssertionError with it if it failed. */
    String run(Duration timeout, String... arguments) throws IOException, InterruptedException {
        Started started = start(arguments);
        return started.await(timeout);
    }

    /** A fleet.sh command under way. */
    record Started(Process process, Path output) {
        boolean await(long millis) throws InterruptedException {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        }

        String await(Duration timeout) throws IOException, InterruptedException {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroy();
                throw new AssertionError("fleet.sh did not finish within " + timeout + ":\n" + Files.readString(output));
            }
            String text = Files.readString(output);
            if (process.exitValue() != 0) {
                throw new AssertionError("fleet.sh exited " + process.exitValue() + ":\n" + text);
            }
            return text;
        }
    }
}
