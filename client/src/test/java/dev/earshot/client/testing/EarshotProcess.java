package dev.earshot.client.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real Earshot server in its own process, as a user starts it ({@code java -jar earshot-server.jar serve}),
 * on a free port of 127.0.0.1. The client module has no server code on its classpath; the reactor builds the
 * server's jar before these tests run.
 */
public final class EarshotProcess implements AutoCloseable {
    public static final String API_KEY = "client-test-key";
    private static final Pattern LISTENING = Pattern.compile("earshot listening on (\\S+)");

    private final Process process;
    private final URI baseUri;
    private final StringBuffer log;

    private EarshotProcess(Process process, URI baseUri, StringBuffer log) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
    }

    /** Starts {@code serve} with these extra options (e.g. {@code --idle-timeout 2s}) and waits until it listens. */
    public static EarshotProcess start(String... options) throws IOException, InterruptedException {
        return start(null, options);
    }

    /**
     * A user's first {@code serve}: no key given, so the server makes one, prints it once and stores it in
     * {@code configDir} (EARSHOT_CONFIG_DIR). Only standard output is in {@link #log()}, as a user reads it;
     * the log lines on standard error go to {@code configDir/stderr.log}, where they cannot split its lines.
     */
    public static EarshotProcess startWithoutKey(Path configDir, String... options)
            throws IOException, InterruptedException {
        return start(configDir, options);
    }

    private static EarshotProcess start(Path configDir, String... options) throws IOException, InterruptedException {
        Path jar = Path.of("..", "server", "target", "earshot-server.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: run 'mvn -B verify' from the repository root");
        }
        List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xms64m", "-Xmx256m", "-jar",
                jar.toString(), "serve", "--host", "127.0.0.1", "--port", "0",
                // Two, not the default dozen: the start-up warm-up path runs, without its CPU slowing the tests.
                "--warm-up", "2",
                // The request log in SQLite, as serve keeps it, but in a directory of this test run's, not the home.
                "--data-dir", Files.createTempDirectory("earshot-client-test-").toString()));
        if (configDir == null) {
            command.addAll(List.of("--api-keys", API_KEY));
        }
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(configDir == null);
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        if (configDir != null) {
            builder.environment().put("EARSHOT_CONFIG_DIR", configDir.toString());
            builder.redirectError(configDir.resolve("stderr.log").toFile());
        }
        Process process = builder.start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> readOutput(process, log, listening), "earshot-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            URI uri = listening.get(90, TimeUnit.SECONDS);
            EarshotProcess server = new EarshotProcess(process, uri, log);
            Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "earshot-process-reaper"));
            return server;
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start: " + e + "\n" + log, e);
        }
    }

    private static void readOutput(Process process, StringBuffer log, CompletableFuture<URI> listening) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (log) {
                    if (log.length() < 1_000_000) {
                        log.append(line).append('\n');
                    }
                    log.notifyAll();
                }
                Matcher matcher = LISTENING.matcher(line);
                if (matcher.find()) {
                    listening.complete(URI.create(matcher.group(1)));
                }
            }
        } catch (IOException ignored) {
            // The process ended.
        }
        listening.completeExceptionally(new IllegalStateException("the server exited"));
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /** A port on 127.0.0.1 where nothing listens (free a moment ago). */
    public static int unusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return baseUri.getPort();
    }

    /**
     * Waits until the server has printed a line matching {@code line}.
     *
     * @return whether it had within {@code timeout}
     */
    public boolean awaitOutput(Pattern line, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (log) {
            while (!line.matcher(log).find()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    return line.matcher(log).find();
                }
                TimeUnit.NANOSECONDS.timedWait(log, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
            return true;
        }
    }

    /** What the server printed so far, for assertion messages. */
    public String log() {
        return log.toString();
    }

    /** SIGTERM, as a service manager sends it: the server drains and exits by itself. */
    public void terminate() {
        process.toHandle().destroy(); // Process.destroy() would also close our end of its output
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
