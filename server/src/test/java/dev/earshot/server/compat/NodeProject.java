package dev.earshot.server.compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.testing.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;

/**
 * One of the Node.js projects under {@code compat/}: its scripts run against a server in the JVM, with the
 * packages of its committed lockfile. Node and npm are found on the PATH; when either is missing, the
 * tests that need them are skipped (not failed), saying what to install.
 */
final class NodeProject {
    private static final Duration NPM_CI_TIMEOUT = Duration.ofMinutes(10);
    private static final boolean WINDOWS = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("windows");

    private final Path dir;
    private final String name;
    private final String nodeVersion;
    private final boolean npmAvailable;

    /** The result of a command: exit code (-1 when timed out) and stdout with stderr merged in. */
    record Run(int exitCode, boolean timedOut, String output) {
        List<String> lines() {
            return output.lines().toList();
        }

        /** Of {@code checks}, those with no line {@code PASS [label] <check>} (alone or followed by its detail). */
        List<String> notPassed(String label, List<String> checks) {
            return checks.stream().filter(id -> lines().stream().noneMatch(line -> {
                String pass = "PASS [" + label + "] " + id;
                return line.equals(pass) || line.startsWith(pass + " ");
            })).toList();
        }
    }

    private NodeProject(Path dir, String nodeVersion, boolean npmAvailable) {
        this.dir = dir;
        this.name = dir.getFileName().toString();
        this.nodeVersion = nodeVersion;
        this.npmAvailable = npmAvailable;
    }

    /** {@code compat/<name>} of this checkout, with {@code script} in it. */
    static NodeProject compat(String name, String script) throws InterruptedException {
        Path repo = Fixtures.dir().toAbsolutePath().normalize().getParent().getParent();
        Path dir = repo.resolve("compat").resolve(name);
        assertThat(dir.resolve(script)).as("the compatibility script").exists();
        String node = versionOf(command("node"));
        boolean npm = node != null && versionOf(command("npm")) != null;
        if (node != null) {
            System.out.println("[" + name + "] node " + node);
        }
        return new NodeProject(dir, node, npm);
    }

    boolean available() {
        return nodeVersion != null && npmAvailable;
    }

    /** Skips the calling test when node or npm cannot run. */
    void assumeAvailable() {
        Assumptions.assumeTrue(nodeVersion != null, "node is not installed: 'node --version' could not run, so "
                + "compat/" + name + " cannot be exercised (install Node.js to run this test)");
        Assumptions.assumeTrue(npmAvailable, "npm is not installed: 'npm --version' could not run, so the "
                + "packages of compat/" + name + "/package-lock.json cannot be installed");
    }

    /**
     * {@code npm ci}, when node_modules is missing, lacks one of {@code packages}, or is older than the
     * committed lockfile.
     */
    void installIfNeeded(List<String> packages) throws IOException, InterruptedException {
        Path modules = dir.resolve("node_modules");
        Path installed = modules.resolve(".package-lock.json");
        boolean upToDate = Files.exists(installed)
                && packages.stream().allMatch(p -> Files.exists(modules.resolve(p).resolve("package.json")))
                && Files.getLastModifiedTime(dir.resolve("package-lock.json"))
                        .compareTo(Files.getLastModifiedTime(installed)) <= 0;
        if (upToDate) {
            return;
        }
        Run install = run(List.of(command("npm"), "ci", "--no-audit", "--no-fund"), Map.of(), NPM_CI_TIMEOUT);
        print("npm ci", install);
        assertThat(install.timedOut()).as("npm ci still running after %s", NPM_CI_TIMEOUT).isFalse();
        assertThat(install.exitCode()).as("exit code of npm ci in %s", dir).isZero();
    }

    /** {@code node script args...} in the project's directory; what it printed is also printed. */
    Run node(String script, List<String> args, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(command("node"), script));
        command.addAll(args);
        Run run = run(command, env, timeout);
        print(script + " " + String.join(" ", args), run);
        return run;
    }

    /** The first line of {@code program --version}, or null when it cannot run. */
    private static String versionOf(String program) throws InterruptedException {
        try {
            Run run = run(null, List.of(program, "--version"), Map.of(), Duration.ofSeconds(60));
            return run.exitCode() == 0 && !run.lines().isEmpty() ? run.lines().get(run.lines().size() - 1) : null;
        } catch (IOException | UncheckedIOException e) {
            return null;
        }
    }

    private static String command(String name) {
        if (!WINDOWS) {
            return name;
        }
        return name.equals("npm") ? "npm.cmd" : name + ".exe";
    }

    private Run run(List<String> command, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        return run(dir, command, env, timeout);
    }

    /**
     * Runs a command with stderr merged into stdout. On timeout the process (and its children) is destroyed
     * and whatever it printed is returned.
     */
    private static Run run(Path dir, List<String> command, Map<String, String> env, Duration timeout)
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

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void print(String what, Run run) {
        String prefix = "[" + name + "] ";
        String body = run.lines().stream().map(line -> prefix + line).collect(Collectors.joining("\n"));
        System.out.println(prefix + "$ " + what + (run.timedOut() ? " (timed out)" : " (exit " + run.exitCode() + ")"));
        if (!body.isEmpty()) {
            System.out.println(body);
        }
    }
}
