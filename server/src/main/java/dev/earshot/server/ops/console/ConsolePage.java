package dev.earshot.server.ops.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The browser console: {@code GET /} and {@code GET /console/<file>}, static files from this jar's
 * {@code console/} folder (plain HTML, CSS and ES modules; no build step). No key is needed to load the page:
 * it holds no data, and asks for the key itself. Any other path is left to the next handler, so unknown paths
 * keep their 404 JSON.
 */
public final class ConsolePage extends Handler.Abstract.NonBlocking {
    public static final String ROOT = "/";
    public static final String PREFIX = "/console/";
    private static final String FOLDER = "console/";
    /** Flat names only: no folders, no dot-dot, nothing a path could escape the folder with. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*\\.(html|js|css|json|png|svg)");
    private static final Map<String, String> TYPES = Map.of("html", "text/html;charset=utf-8",
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8",
            "json", "application/json", "png", "image/png", "svg", "image/svg+xml");
    /**
     * The page talks only to this server (its own origin, and its WebSocket); audio plays from object URLs.
     * Blocks injected scripts from elsewhere, since the page holds an API key.
     */
    private static final String POLICY = "default-src 'self'; connect-src 'self' ws: wss: blob:; media-src 'self' blob:; "
            + "img-src 'self' data:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

    /** A file as served; read once, kept for the server's life (a few tens of KiB). */
    private record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        String name = path.equals(ROOT) ? "index.html"
                : path.startsWith(PREFIX) ? path.substring(PREFIX.length()) : null;
        if (name == null || !NAME.matcher(name).matches()
                || !(HttpMethod.GET.is(request.getMethod()) || HttpMethod.HEAD.is(request.getMethod()))) {
            return false;
        }
        Optional<Asset> asset = assets.computeIfAbsent(name, ConsolePage::load);
        if (asset.isEmpty()) {
            return false;
        }
        write(asset.get(), request, response, callback);
        return true;
    }

    private static void write(Asset asset, Request request, Response response, Callback callback) {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        // Revalidate every time: the files change with the server's version, and a 304 costs next to nothing.
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("Content-Security-Policy", POLICY);
        response.getHeaders().put("Referrer-Policy", "no-referrer");
        if (asset.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            callback.succeeded();
            return;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(asset.bytes()), callback);
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = ConsolePage.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(bytes, TYPES.get(extension), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("console file " + name + " could not be read from the jar", e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
