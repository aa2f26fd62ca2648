package dev.earshot.server.ops.requests;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private PostgreSQL cluster for tests: initdb in a temporary directory, the server on a free 127.0.0.1 port
 * with its socket in that directory, trust authentication for the one user {@code earshot}; stopped and
 * deleted on close. initdb refuses to run as root, so as root the cluster is made and run as {@code postgres}.
 * .ci/run installs Debian's postgresql when initdb is missing.
 */
final class PostgresCluster implements AutoCloseable {
    private static final String USER = "earshot";
    /** A cold initdb and start take a few seconds on two cores; a minute means something is wrong. */
    private static final long STEP_TIMEOUT_SECONDS = 120;

    private final Path bin;
    private final Path directory;
    private final int port;
    private int databases;

    private PostgresCluster(Path bin, Path directory, int port) {
        this.bin = bin;
        this.directory = directory;
        this.port = port;
    }

    static PostgresCluster start() throws IOException, InterruptedException {
        Path bin = binaries().orElseThrow(() -> new IllegalStateException("PostgreSQL's initdb was not found on "
                + "PATH nor in /usr/lib/postgresql/*/bin: install it (apt-get install -y postgresql)"));
        Path directory = Files.createTempDirectory("earshot-pg-");
        if (isRoot()) {
            UserPrincipal postgres = directory.getFileSystem().getUserPrincipalLookupService()
                    .lookupPrincipalByName("postgres");
            Files.setOwner(directory, postgres);
        }
        PostgresCluster cluster = new PostgresCluster(bin, directory, freePort());
        cluster.run("initdb", "-D", cluster.data(), "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync");
        cluster.run("pg_ctl", "-D", cluster.data(), "-l", directory.resolve("server.log").toString(), "-w",
                "-t", Long.toString(STEP_TIMEOUT_SECONDS), "-o", "-p " + cluster.port + " -k " + directory
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off", "start");
        return cluster;
    }

    /** A new, empty database: its JDBC URL. */
    synchronized String createDatabase() throws SQLException {
        String name = "requests_" + (++databases);
        try (Connection admin = DriverManager.getConnection(url("postgres")); Statement create = admin.createStatement()) {
            create.execute("CREATE DATABASE " + name);
        }
        return url(name);
    }

    private String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database + "?user=" + USER;
    }

    @Override
    public void close() throws IOException {
        try {
            run("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    private String data() {
        return directory.resolve("data").toString();
    }

    /** Runs one of PostgreSQL's programs, as postgres when we are root; its output goes to a file, not a pipe. */
    private void run(String program, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(bin.resolve(program).toString());
        command.addAll(List.of(arguments));
        Path output = directory.resolve(program + ".out");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile()).start();
        if (!process.waitFor(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(program + " did not finish in " + STEP_TIMEOUT_SECONDS + " s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(program + " failed (" + process.exitValue() + "): " + Files.readString(output));
        }
    }

    private static Optional<Path> binaries() throws IOException {
        for (String entry : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, "initdb"))) {
                return Optional.of(Path.of(entry, "initdb").toRealPath().getParent());
            }
        }
        Path versions = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(versions)) {
            return Optional.empty();
        }
        try (Stream<Path> each = Files.list(versions)) {
            return each.map(version -> version.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("initdb")))
                    .max(Comparator.comparing(b -> versionOf(b.getParent())));
        }
    }

    private static int versionOf(Path directory) {
        String name = directory.getFileName().toString();
        return name.matches("\\d+") ? Integer.parseInt(name) : 0;
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
