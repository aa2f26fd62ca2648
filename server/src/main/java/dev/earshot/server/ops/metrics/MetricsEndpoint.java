package dev.earshot.server.ops.metrics;

import java.nio.ByteBuffer;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /metrics}: one scrape of {@link ServerMetrics}, in the Prometheus text format. No API key: like
 * Deepgram self-hosted's metrics port, it is for the operator's network; bind or firewall accordingly. Every
 * answer carries a fresh {@code dg-request-id}, like every other answer of the server. Any other path is not
 * this handler's ({@code handle} returns false), so it goes first in a {@code Handler.Sequence}.
 */
public final class MetricsEndpoint extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    public static final String PATH = "/metrics";
    /** The transport's header of the same name (live-api.md §1). */
    static final String REQUEST_ID_HEADER = "dg-request-id";

    private final ServerMetrics metrics;

    public MetricsEndpoint(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!PATH.equals(Request.getPathInContext(request))) {
            return false;
        }
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(REQUEST_ID_HEADER, requestId);
        if (!HttpMethod.GET.is(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, HttpMethod.GET.asString());
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405,
                    "Method " + request.getMethod() + " is not allowed on " + PATH + ": scrape it with GET");
            return true;
        }
        byte[] body;
        try {
            body = metrics.scrape();
        } catch (RuntimeException bug) {
            LOG.error("[{}] GET {} failed", requestId, PATH, bug);
            Response.writeError(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, metrics.contentType());
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
