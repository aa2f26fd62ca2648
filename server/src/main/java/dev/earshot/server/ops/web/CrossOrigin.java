package dev.earshot.server.ops.web;

import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.eclipse.jetty.server.handler.CrossOriginHandler;

/**
 * CORS for the HTTP endpoints (a web page posting a file, reading status or the request log), by Jetty's own
 * handler: preflights are answered, allowed origins get the headers a browser needs to read our answers,
 * {@code dg-request-id} and {@code dg-error} among them. Requests from other origins are still served, as
 * Deepgram serves them; only the browser keeps their answers from the page.
 */
public final class CrossOrigin {
    private CrossOrigin() {
    }

    /** @param origins {@code *}, or a comma-separated list of origins ({@code https://app.example}) */
    public static CrossOriginHandler handler(String origins) {
        CrossOriginHandler cors = new CrossOriginHandler();
        cors.setAllowedOriginPatterns(patterns(origins));
        cors.setAllowedMethods(Set.of("GET", "POST", "HEAD", "OPTIONS"));
        cors.setAllowedHeaders(Set.of("Authorization", "Content-Type", "Accept", "X-Requested-With",
                // The openai library's own headers, which a page using it sends on every request.
                "OpenAI-Organization", "OpenAI-Project", "X-Stainless-Arch", "X-Stainless-Lang", "X-Stainless-OS",
                "X-Stainless-Package-Version", "X-Stainless-Retry-Count", "X-Stainless-Runtime",
                "X-Stainless-Runtime-Version", "X-Stainless-Timeout"));
        // x-request-id and earshot-ignored-fields: OpenAI's route (openai-api.md §2).
        cors.setExposedHeaders(Set.of("dg-request-id", "dg-error", "Retry-After", "x-request-id",
                "earshot-ignored-fields"));
        // A key is sent as a header, never as a cookie: no credentials mode, so '*' is a valid answer.
        cors.setAllowCredentials(false);
        cors.setPreflightMaxAge(Duration.ofMinutes(10));
        cors.setDeliverNonAllowedOriginRequests(true);
        cors.setDeliverNonAllowedOriginWebSocketUpgradeRequests(true);
        return cors;
    }

    static Set<String> patterns(String origins) {
        return Arrays.stream(origins.split(",")).map(String::strip).filter(o -> !o.isEmpty())
                .map(o -> o.equals("*") ? ".*" : Pattern.quote(o)).collect(Collectors.toSet());
    }
}
