package dev.earshot.server.transport.guard;

import dev.earshot.protocol.ErrorBody;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.server.session.timers.Timers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.WeakHashMap;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request's head (request line and headers, WebSocket upgrades included) must arrive within {@code limit}
 * once it has begun: a client that sends a header line a second would otherwise hold its connection, and a
 * place in every queue behind it, for as long as it likes (Jetty's idle timeout only counts silence). Every
 * {@link #CHECK_INTERVAL}, the connections still in the middle of a head are looked at; one seen there at an
 * earlier check with no request completed since gets {@code 408} with {@code dg-request-id} and is closed.
 * A connection is dropped between {@code limit} and {@code limit} plus the interval after its head began.
 */
public final class HeaderDeadline {
    private static final Logger LOG = LoggerFactory.getLogger(HeaderDeadline.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);

    private final ServerConnector connector;
    private final Timers timers;
    private final long limitNanos;
    private final String limitText;
    /** Timer thread only: connections seen inside a head, with when and at which request count. */
    private final Map<Connection, Seen> inHead = new WeakHashMap<>();
    private volatile boolean stopped;

    private record Seen(long sinceNanos, long requestsBefore) {
    }

    public HeaderDeadline(ServerConnector connector, Timers timers, Duration limit) {
        this.connector = connector;
        this.timers = timers;
        this.limitNanos = limit.toNanos();
        this.limitText = limit.toMillis() % 1000 == 0 ? limit.toSeconds() + " s" : limit.toMillis() + " ms";
    }

    public void start() {
        timers.schedule(this::check, CHECK_INTERVAL.toNanos());
    }

    public void stop() {
        stopped = true;
    }

    private void check() {
        if (stopped) {
            return;
        }
        long now = timers.nanoTime();
        Map<Connection, Seen> still = new WeakHashMap<>();
        for (EndPoint endPoint : connector.getConnectedEndPoints()) {
            if (!(endPoint.getConnection() instanceof HttpConnection http) || !isInsideAHead(http.getParser())) {
                continue;
            }
            Seen seen = inHead.get(http);
            if (seen == null || seen.requestsBefore() != http.getMessagesIn()) {
                seen = new Seen(now, http.getMessagesIn());
            }
            if (now - seen.sinceNanos() >= limitNanos) {
                refuse(endPoint);
            } else {
                still.put(http, seen);
            }
        }
        inHead.clear();
        inHead.putAll(still);
        timers.schedule(this::check, CHECK_INTERVAL.toNanos());
    }

    /**
     * Whether the parser has begun a head it has not finished. Not at START: that is a connection waiting for
     * its next request, or one whose request is complete and being answered (Jetty's idle timeout covers both).
     */
    private static boolean isInsideAHead(HttpParser parser) {
        return parser.inHeaderState() && !parser.isStart();
    }

    /** 408 in the contract's shape, written straight to the socket: no request exists yet to answer. */
    private void refuse(EndPoint endPoint) {
        String requestId = UUID.randomUUID().toString();
        String message = "The request head did not arrive within " + limitText + " of its first byte";
        LOG.info("[{}] slow request head from {} refused: 408 {}", requestId, endPoint.getRemoteSocketAddress(), message);
        byte[] body = ErrorBody.of(ErrorCode.REQUEST_TIMEOUT, message, requestId).toJson().getBytes(StandardCharsets.UTF_8);
        String head = "HTTP/1.1 408 Request Timeout\r\n"
                + "dg-request-id: " + requestId + "\r\n"
                + "dg-error: " + message + "\r\n"
                + "Content-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        ByteBuffer response = ByteBuffer.allocate(head.length() + body.length);
        response.put(head.getBytes(StandardCharsets.US_ASCII)).put(body).flip();
        endPoint.write(Callback.from(endPoint::close, failure -> endPoint.close(failure)), response);
    }
}
