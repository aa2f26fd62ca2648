package dev.earshot.server.ops.status;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ServiceStatus;
import dev.earshot.server.ops.ServerReadings;
import dev.earshot.server.transport.Refusal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /v1/status}, {@code /v1/status/engine} and {@code /v1/status/ready}, in Deepgram self-hosted's
 * shapes. No key is needed (probes have none) and none is shown. Each answer is made from counters, so a
 * probe is answered at once under any load; the engine is loaded before the port opens, so it is connected.
 */
public final class StatusEndpoint extends Handler.Abstract.NonBlocking {
    public static final String STATUS = "/v1/status";
    public static final String ENGINE = "/v1/status/engine";
    public static final String READY = "/v1/status/ready";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerReadings readings;

    public StatusEndpoint(ServerReadings readings) {
        this.readings = readings;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws JsonProcessingException {
        String path = Request.getPathInContext(request);
        if (!path.equals(STATUS) && !path.equals(ENGINE) && !path.equals(READY)) {
            return false;
        }
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(Refusal.REQUEST_ID_HEADER, requestId);
        if (!HttpMethod.GET.is(request.getMethod()) && !HttpMethod.HEAD.is(request.getMethod())) {
            new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "Method " + request.getMethod() + " is not allowed on " + path
                    + ": use GET").write(response, callback, requestId);
            return true;
        }
        if (path.equals(READY)) {
            Optional<String> notReady = Readiness.whyNot(readings);
            if (notReady.isPresent()) {
                new Refusal(ErrorCode.SERVICE_UNAVAILABLE, notReady.get()).write(response, callback, requestId);
                return true;
            }
        }
        Object body = switch (path) {
            case ENGINE -> ServiceStatus.EngineStatus.CONNECTED;
            case READY -> new Ready(true);
            default -> status(readings);
        };
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        response.write(true, ByteBuffer.wrap(JSON.writeValueAsString(body).getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The body of a 200 from {@code /v1/status/ready}. */
    record Ready(boolean ready) {
    }

    static ServiceStatus status(ServerReadings readings) {
        return new ServiceStatus(Readiness.health(readings), readings.activeStreams() - readings.activeFluxStreams(), readings.activeFiles(),
                readings.activeFluxStreams(),
                readings.maxStreams(), readings.maxFiles(), readings.warmRecognizers(),
                Math.round(readings.warmUpProgress() * 1000) / 1000.0, readings.draining(), readings.version(),
                readings.uptime().toSeconds());
    }
}
