package dev.earshot.server.transport;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Locale;

/**
 * Fetches the audio of a pre-recorded request given as {@code {"url": ...}} (live-api.md §7), when the
 * operator enabled it: http and https only, at most a size and a time, and no address in a private,
 * loopback or link-local range unless allowed — checked at every redirect, which is followed by hand.
 */
final class UrlFetcher {
    /** A few hops cover CDNs and signed-URL services; more is a loop or a trick. */
    static final int MAX_REDIRECTS = 3;

    private final HttpClient http;
    private final long maxBytes;
    private final Duration timeout;
    private final boolean allowPrivate;

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

    UrlFetcher(long maxBytes, Duration timeout, boolean allowPrivate) {
        this.http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.allowPrivate = allowPrivate;
    }

    byte[] fetch(String url) throws FetchFailed, InterruptedException {
        URI uri = parse(url);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            checkTarget(uri);
            Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
            HttpResponse<InputStream> response;
            try {
                response = http.send(HttpRequest.newBuilder(uri).timeout(left).GET().build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (IOException e) {
                throw new FetchFailed("the audio URL could not be fetched (" + e.getClass().getSimpleName() + ")", false);
            }
            int status = response.statusCode();
            if (status >= 300 && status < 400 && response.headers().firstValue("location").isPresent()) {
                close(response);
                uri = parse(uri.resolve(response.headers().firstValue("location").get()).toString());
                continue;
            }
            if (status != 200) {
                close(response);
                throw new FetchFailed("the audio URL answered HTTP " + status, false);
            }
            return read(response);
        }
        throw new FetchFailed("the audio URL redirected more than " + MAX_REDIRECTS + " times", false);
    }

    private byte[] read(HttpResponse<InputStream> response) throws FetchFailed {
        try (InputStream body = response.body()) {
            byte[] bytes = body.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
            if (bytes.length > maxBytes) {
                throw new FetchFailed("the audio at the URL is larger than " + maxBytes + " bytes", true);
            }
            return bytes;
        } catch (IOException e) {
            throw new FetchFailed("the audio URL could not be read to the end (" + e.getClass().getSimpleName() + ")", false);
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
                if (isPrivate(address)) {
                    throw new FetchFailed("the audio URL points to a private or local address, which this server "
                            + "does not fetch", false);
                }
            }
        } catch (UnknownHostException e) {
            throw new FetchFailed("the audio URL's host does not resolve", false);
        }
    }

    static boolean isPrivate(InetAddress address) {
        boolean uniqueLocal = address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || address.isAnyLocalAddress() || address.isMulticastAddress() || uniqueLocal;
    }

    private static void close(HttpResponse<InputStream> response) {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // Nothing to do: the response was not wanted.
        }
    }
}
