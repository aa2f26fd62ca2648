package dev.earshot.client.doctor;

import dev.earshot.client.doctor.audio.TrialTranscription;
import java.io.IOException;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * {@code earshot doctor}: the checks of docs/troubleshooting.md, run in the order a connection goes — server,
 * key, the file against its declaration, a live stream of it, and quiet-stream behaviour — each reported as
 * soon as it is known. Checks that need the server are skipped when an earlier one shows it cannot be used.
 */
public final class Doctor {
    private final DoctorOptions options;

    public Doctor(DoctorOptions options) {
        this.options = options;
    }

    /** Runs every check, handing each finding to {@code report} in order; returns them all. */
    public List<Finding> run(Consumer<Finding> report) throws InterruptedException {
        List<Finding> all = new ArrayList<>();
        Consumer<Finding> note = finding -> {
            all.add(finding);
            report.accept(finding);
        };
        ServerChecks.Result server = ServerChecks.run(options);
        server.findings().forEach(note);
        boolean usable = server.accepted();

        // The quiet-stream check mostly waits: it runs while the file is examined and streamed.
        ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "earshot-doctor-idle");
            thread.setDaemon(true);
            return thread;
        });
        try {
            CompletableFuture<List<Finding>> idle = usable && options.runs("idle")
                    ? CompletableFuture.supplyAsync(this::idleChecks, background)
                    : CompletableFuture.completedFuture(List.of(Finding.skip("idle",
                            usable ? "skipped" : "needs a server that accepts the key")));
            if (options.file() != null) {
                fileChecks(usable, note);
            }
            idle.get().forEach(note);
        } catch (ExecutionException e) {
            note.accept(Finding.fail("idle", "the check failed: " + e.getCause(), "report this as a doctor bug"));
        } finally {
            background.shutdownNow();
        }
        return all;
    }

    private void fileChecks(boolean usable, Consumer<Finding> note) throws InterruptedException {
        TrialTranscription trial = usable ? new TrialTranscription(HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10)).build(), options.url(), options.apiKey()) : null;
        FileChecks.Result file;
        try {
            file = FileChecks.run(options, trial);
        } catch (IOException e) {
            note.accept(Finding.fail("file", "cannot read " + options.file() + ": " + e.getMessage(),
                    "give the path of the audio file the application streams"));
            return;
        }
        file.findings().forEach(note);
        if (!options.runs("live")) {
            note.accept(Finding.skip("live-stream", "skipped"));
        } else if (!usable || file.plan() == null) {
            note.accept(Finding.skip("live-stream", usable ? "nothing to stream" : "needs a server that accepts the key"));
        } else {
            note.accept(LiveStreamCheck.run(options, file.plan()));
        }
    }

    private List<Finding> idleChecks() {
        try {
            return IdleCheck.run(options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of(Finding.skip("idle", "interrupted"));
        }
    }
}
