package dev.earshot.server.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Node.js scripts of compat/: whether node and npm are here, {@code npm ci} when the lockfile is newer than
 * node_modules, and a script run with its output captured, for the tests that drive official SDKs.
 */
public final class NodeScripts {
    public static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(10);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    /** What a command did: its exit code (-1 when it timed out) and stdout with stderr merged. */
    public record Run(int exitCode, boolean timedOut, String output) {
        public List<String> lines() {
            return output.lines().toList();
        }
    }

    private NodeScripts() {
    }

    /** The compat/ directory of one suite ({@code deepgram-js}, {@code openai-js}). */
    public static Path compatDir(String suite) {
        return Fixtures.dir().toAbsolutePath().normalize().getParent().getParent().resolve("compat").resolve(suite);
    }

    /** The last line of {@code program --version}, or null when it cannot run. */
    public static String versionOf(String program) throws InterruptedException {
        try {
            Run run = run(null, List.of(program, "--version"), Map.of(), Duration.ofSeconds(60));
            return run.exitCode() == 0 && !run.lines().isEmpty() ? run.lines().get(run.lines().size() - 1) : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    /** {@code node} or {@code npm} as this system names the executable. */
    public static String command(String name) {
        if (!WINDOWS) {
            return name;
        }
        return name.equals("npm") ? "npm.cmd" : name + ".exe";
    }

    /** Whether node_modules was installed from the current lockfile and holds every one of {@code packages}. */
    public static boolean installed(Path dir, List<String> packages) throws IOException {
        Path installed = dir.resolve("node_modules").resolve(".package-lock.json");
        if (!Files.exists(installed) || packages.stream().anyMatch(name -> !Files.exists(
                dir.resolve("node_modules").resolve(name).resolve("package.json")))) {
            return false;
        }
        return Files.getLastModifiedTime(dir.resolve("package-lock.json"))
                .compareTo(Files.getLastModifiedTime(installed)) <= 0;
    }

    /** {@code npm ci} in {@code dir}. */
    public static Run npmCi(Path dir) throws IOException, InterruptedException {
        return run(dir, List.of(command("npm"), "ci", "--no-audit", "--no-fund"), Map.of(), NPM_CI_TIMEOUT);
    }

    /**
     * Runs a command in {@code dir} (null: the current one) with stderr merged into stdout. On timeout the
     * process and its children are destroyed and whatever it printed is returned.
     */
    public static Run run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(env);
        builder.environment().put("NO_COLOR", "1");
        builder.environment().put("npm_config_update_notifier", "false");
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        String text;
        try {
            text = output.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            text = "(output unavailable: " + e + ")";
        }
        return new Run(finished ? process.exitValue() : -1, !finished, text);
    }

    /** Prints a run's output, each line tagged with the suite's name. */
    public static void print(String suite, String what, Run run) {
        String body = run.lines().stream().map(line -> "[" + suite + "] " + line).collect(Collectors.joining("\n"));
        System.out.println("[" + suite + "] $ " + what + (run.timedOut() ? " (timed out)"
                : " (exit " + run.exitCode() + ")"));
        if (!body.isEmpty()) {
            System.out.println(body);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
