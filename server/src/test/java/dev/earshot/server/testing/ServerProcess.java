package dev.earshot.server.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
 * {@code earshot serve} in a JVM of its own, with a heap of the test's choosing and
 * {@code -XX:+ExitOnOutOfMemoryError}: an OutOfMemoryError anywhere in the server, caught or not, ends the
 * process, so a server still alive after the test has raised none. Its CPU time is read from /proc.
 */
public final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("earshot listening on (\\S+)");
    /** Linux's clock ticks per second for /proc/PID/stat (USER_HZ), 100 on every common build. */
    private static final double TICKS_PER_SECOND = 100;

    private final Process process;
    private final URI baseUri;
    private final StringBuffer log;
    private final Thread reader;

    private ServerProcess(Process process, URI baseUri, StringBuffer log, Thread reader) {
        this.process = process;
        this.baseUri = baseUri;
        this.log = log;
        this.reader = reader;
    }

    /** Starts the server with this heap ({@code -Xmx}) and these extra serve options; waits until it listens. */
    public static ServerProcess start(String maxHeap, String... options) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xms" + maxHeap, "-Xmx" + maxHeap,
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), "dev.earshot.server.Main",
                "serve", "--host", "127.0.0.1", "--port", "0", "--api-keys", TestServers.API_KEY, "--model",
                SharedEngine.modelDir().toAbsolutePath().toString(), "--warm-up", "0", "--warm-recognizers", "2", "--database", "none"));
        command.addAll(List.of(options));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("MALLOC_ARENA_MAX", "2");
        Process process = builder.start();
        StringBuffer log = new StringBuffer();
        CompletableFuture<URI> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(process, log, listening), "earshot-child-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new ServerProcess(process, listening.get(90, TimeUnit.SECONDS), log, reader);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("the server did not start: " + e + "\n" + log, e);
        }
    }

    private static void read(Process process, StringBuffer log, CompletableFuture<URI> listening) {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (log.length() < 4_000_000) {
                    log.append(line).append('\n');
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

    public URI baseUri() {
        return baseUri;
    }

    public int port() {
        return baseUri.getPort();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String log() {
        return log.toString();
    }

    /** User plus system CPU seconds the server has used, from /proc/PID/stat. */
    public double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / TICKS_PER_SECOND;
    }

    /** SIGTERM, as a service manager or Kubernetes sends it: the server drains and exits by itself. */
    public void terminate() {
        process.toHandle().destroy(); // Process.destroy() would also close our end of its output
    }

    /** The exit code, once the process has ended within {@code timeout}; else -1. */
    public int awaitExit(java.time.Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(timeout.toMillis()); // the rest of its output, up to the end of the pipe
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(40, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
