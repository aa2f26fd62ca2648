package dev.earshot.bench.load;

import dev.earshot.bench.measure.Distribution;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Pre-recorded files posted to a server beside its live streams ({@code --post-files DIR}): every regular file
 * of the directory, in name order and round again, from {@code clients} threads each posting its next file as
 * soon as the last is answered, until stopped. What the streams' lag and close codes look like meanwhile is the
 * point; what the files got is summed up here.
 */
public final class FilesBeside implements AutoCloseable {
    /** Longest a bench client waits for one answer: a server that takes longer is itself the finding. */
    private static final Duration ANSWER_LIMIT = Duration.ofMinutes(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final URI listen;
    private final String apiKey;
    private final List<Path> files;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<Integer, AtomicInteger> byStatus = new ConcurrentHashMap<>();
    private final List<Double> answerSeconds = new CopyOnWriteArrayList<>();
    private final List<Thread> clients = new ArrayList<>();
    private volatile boolean stopped;

    private FilesBeside(URI baseUri, String apiKey, List<Path> files) {
        this.listen = baseUri.resolve("/v1/listen");
        this.apiKey = apiKey;
        this.files = files;
    }

    /** Starts {@code clients} posting threads. */
    public static FilesBeside start(URI baseUri, String apiKey, Path directory, int clients) {
        List<Path> files;
        try (Stream<Path> listing = Files.list(directory)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("--post-files " + directory + ": no files in it");
        }
        FilesBeside beside = new FilesBeside(baseUri, apiKey, files);
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(beside::postUntilStopped, "earshot-bench-files-" + i);
            thread.setDaemon(true);
            beside.clients.add(thread);
            thread.start();
        }
        return beside;
    }

    private void postUntilStopped() {
        while (!stopped) {
            Path file = files.get(Math.floorMod(next.getAndIncrement(), files.size()));
            long sent = System.nanoTime();
            int status;
            try {
                HttpRequest request = HttpRequest.newBuilder(listen).timeout(ANSWER_LIMIT)
                        .header("Authorization", "Token " + apiKey).header("Content-Type", "application/octet-stream")
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build();
                status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (IOException e) {
                status = -1; // no answer: the connection failed
            } catch (InterruptedException e) {
                return;
            }
            answerSeconds.add((System.nanoTime() - sent) / 1e9);
            byStatus.computeIfAbsent(status, s -> new AtomicInteger()).incrementAndGet();
        }
    }

    /** One line: how many were posted, their answers by status, and how long an answer took. */
    public String summary() {
        Map<Integer, Integer> counts = new TreeMap<>();
        byStatus.forEach((status, count) -> counts.put(status, count.get()));
        String statuses = counts.entrySet().stream().map(e -> (e.getKey() < 0 ? "no answer" : e.getKey()) + " x"
                + e.getValue()).collect(Collectors.joining(", "));
        Distribution answers = Distribution.of(answerSeconds);
        return String.format(Locale.ROOT, "files beside the streams: %d posted from %d in the directory (%s); answered"
                        + " in p50 %.2f s, p95 %.2f s, max %.2f s", answerSeconds.size(), files.size(), statuses,
                orZero(answers.p50()), orZero(answers.p95()), orZero(answers.max()));
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }

    /** Stops posting; a post under way is let finish. */
    @Override
    public void close() throws InterruptedException {
        stopped = true;
        for (Thread client : clients) {
            client.join(ANSWER_LIMIT.toMillis());
        }
    }
}
