package dev.earshot.server.hostile;

import dev.earshot.server.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A client that sends the start of a request, then the rest one byte at a time, {@code interval} apart, on a
 * scheduler (no thread of its own): a slowloris, for the head or the body. {@link #response()} reads what
 * the server answers; {@link #hangUp()} drops the connection.
 */
final class Trickle implements AutoCloseable {
    private final Socket socket;
    private final ScheduledFuture<?> sending;
    private final long openedNanos = System.nanoTime();
    private int next;

    private Trickle(int port, byte[] start, byte[] rest, Duration interval, ScheduledExecutorService scheduler)
            throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000);
        socket.getOutputStream().write(start);
        socket.getOutputStream().flush();
        sending = scheduler.scheduleAtFixedRate(() -> sendOne(rest), interval.toNanos(), interval.toNanos(),
                TimeUnit.NANOSECONDS);
    }

    /** A POST whose head arrives at once and whose body of {@code declared} bytes trickles. */
    static Trickle body(int port, String key, int declared, Duration interval, ScheduledExecutorService scheduler)
            throws IOException {
        String head = "POST /v1/listen HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + key
                + "\r\nContent-Type: audio/wav\r\nContent-Length: " + declared + "\r\n\r\n";
        return new Trickle(port, head.getBytes(StandardCharsets.US_ASCII), new byte[declared], interval, scheduler);
    }

    /** A WebSocket upgrade whose request line arrives at once and whose headers trickle. */
    static Trickle head(int port, Duration interval, ScheduledExecutorService scheduler) throws IOException {
        String rest = "Host: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n".repeat(50) + "\r\n";
        return new Trickle(port, "GET /v1/listen HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII),
                rest.getBytes(StandardCharsets.US_ASCII), interval, scheduler);
    }

    private synchronized void sendOne(byte[] rest) {
        if (next >= rest.length || socket.isClosed()) {
            return;
        }
        try {
            OutputStream out = socket.getOutputStream();
            out.write(rest[next++]);
            out.flush();
        } catch (IOException closedByServer) {
            sending.cancel(false);
        }
    }

    /** Whether the server has begun to answer (its bytes wait to be read). */
    boolean answered() {
        try {
            return socket.getInputStream().available() > 0;
        } catch (IOException closed) {
            return true;
        }
    }

    /** Waits for the server's answer (the trickle goes on meanwhile). */
    RawHttp.Response response() {
        try {
            InputStream in = socket.getInputStream();
            return RawHttp.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Duration sinceOpened() {
        return Duration.ofNanos(System.nanoTime() - openedNanos);
    }

    void hangUp() throws IOException {
        sending.cancel(false);
        socket.close();
    }

    @Override
    public void close() throws IOException {
        hangUp();
    }
}
