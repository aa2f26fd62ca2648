package dev.earshot.server.transport.file;

import dev.earshot.server.session.timers.Timers;
import dev.earshot.server.transport.guard.BodyReader;
import dev.earshot.server.transport.guard.SpecialAddresses;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Fetches the audio of a pre-recorded request given as {@code {"url": ...}} (live-api.md §7), when the
 * operator enabled it: http and https only, no address in a special-purpose range unless allowed (checked at
 * every redirect, which is followed by hand), at most a size, and under the same deadline as an upload: an
 * origin that trickles its body, or sends nothing, is dropped like a slow client.
 */
final class UrlFetcher {
    /** A few hops cover CDNs and signed-URL services; more is a loop or a trick. */
    static final int MAX_REDIRECTS = 3;
    private static final int READ_BYTES = 64 << 10;

    private final HttpClient http;
    private final BodyReader.Limits limits;
    private final boolean allowPrivate;
    private final Timers timers;

    /** Why a URL was not fetched, in one sentence for the client. */
    static final class FetchFailed extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean tooLarge;

        FetchFailed(String message, boolean tooLarge) {
            super(message);
            this.tooLarge = tooLarge;
        }

        boolean tooLarge() {
            return tooLarge;
        }
    }

    /** @param limits the body's size and deadline; {@code maxTime} bounds the whole fetch, redirects included */
    UrlFetcher(BodyReader.Limits limits, boolean allowPrivate, Timers timers) {
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(limits.timeout())
                .build();
        this.limits = limits;
        this.allowPrivate = allowPrivate;
        this.timers = timers;
    }

    /** @throws InterruptedException when the thread is interrupted (the client hung up): the fetch stops */
    byte[] fetch(String url) throws FetchFailed, InterruptedException {
        URI uri = parse(url);
        long started = timers.nanoTime();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            checkTarget(uri);
            long left = limits.maxTime().toNanos() - (timers.nanoTime() - started);
            Duration headers = Duration.ofNanos(Math.max(1, Math.min(left, limits.timeout().toNanos())));
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(headers).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new FetchFailed("the audio URL could not be fetched (" + e.getClass().getSimpleName() + ")", false);
            }
            int status = response.statusCode();
            Optional<String> location = response.headers().firstValue("location");
            if (status >= 300 && status < 400 && location.isPresent()) {
                close(response.body());
                uri = parse(uri.resolve(location.get()).toString());
                continue;
            }
            if (status != 200) {
                close(response.body());
                throw new FetchFailed("the audio URL answered HTTP " + status, false);
            }
            return read(response.body(), started);
        }
        throw new FetchFailed("the audio URL redirected more than " + MAX_REDIRECTS + " times", false);
    }

    /** The body, under the upload rule: the stream is closed under a read that keeps it past its deadline. */
    private byte[] read(InputStream body, long started) throws FetchFailed, InterruptedException {
        AtomicLong received = new AtomicLong();
        Deadline deadline = new Deadline(body, received, started);
        try (body) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[READ_BYTES];
            int count;
            while ((count = body.read(buffer)) >= 0) {
                if (received.addAndGet(count) > limits.maxBytes()) {
                    throw new FetchFailed("the audio at the URL is larger than " + limits.maxBytes() + " bytes", true);
                }
                bytes.write(buffer, 0, count);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("the fetch was abandoned");
            }
            if (deadline.passed()) {
                throw new FetchFailed("the audio URL sent " + received.get() + " bytes too slowly: this server waits "
                        + limits.timeout().toSeconds() + " s plus 1 s per " + limits.minBytesPerSecond()
                        + " bytes, at most " + limits.maxTime().toSeconds() + " s", false);
            }
            throw new FetchFailed("the audio URL could not be read to the end (" + e.getClass().getSimpleName() + ")", false);
        } finally {
            deadline.cancel();
        }
    }

    /** Closes the body under a blocked read once the rule's deadline passes for what has arrived. */
    private final class Deadline {
        private final InputStream body;
        private final AtomicLong received;
        private final long started;
        private volatile boolean passed;
        private volatile Timers.Cancellable next;

        Deadline(InputStream body, AtomicLong received, long started) {
            this.body = body;
            this.received = received;
            this.started = started;
            next = timers.schedule(this::check, limits.allowedNanos(0));
        }

        private void check() {
            long elapsed = timers.nanoTime() - started;
            long allowed = limits.allowedNanos(received.get());
            if (elapsed >= allowed) {
                passed = true;
                close(body);
            } else {
                next = timers.schedule(this::check, allowed - elapsed);
            }
        }

        boolean passed() {
            return passed;
        }

        void cancel() {
            next.cancel();
        }
    }

    private static URI parse(String url) throws FetchFailed {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                throw new FetchFailed("the audio URL must be an http or https URL", false);
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new FetchFailed("the audio URL is not a valid URL", false);
        }
    }

    private void checkTarget(URI uri) throws FetchFailed {
        if (allowPrivate) {
            return;
        }
        try {
            for (InetAddress address : InetAddress.getAllByName(uri.getHost())) {
                Optional<String> block = SpecialAddresses.blockOf(address);
                if (block.isPresent()) {
                    throw new FetchFailed("the audio URL points to " + address.getHostAddress() + " (" + block.get()
                            + "), which this server does not fetch from", false);
                }
            }
        } catch (UnknownHostException e) {
            throw new FetchFailed("the audio URL's host does not resolve", false);
        }
    }

    private static void close(InputStream body) {
        try {
            body.close();
        } catch (IOException ignored) {
            // Nothing to do: the body was not wanted.
        }
    }
}
