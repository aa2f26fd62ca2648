package dev.earshot.server.transport;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.io.ManagedSelector;
import org.eclipse.jetty.io.SocketChannelEndPoint;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The HTTP connector, with connections that close gracefully ("lingering close"): the server's side is shut
 * down first, then whatever the client still sends is read and dropped until the client closes too, or
 * {@code linger} passes, and only then is the socket closed.
 *
 * <p>Why: Jetty closes the socket the moment a Close frame with an error code (1008, 1009, 1011) is written.
 * A client that is still streaming audio has bytes in flight; the kernel answers them with a reset, and a
 * reset can destroy the Metadata and the Close frame before the client reads them, so the client sees 1006
 * instead of {@code 1008 DATA-0000} (measured: 5 of 40 streams of undecodable audio). The same holds for an
 * HTTP refusal (413) of a request body still being uploaded.
 */
public final class LingeringConnector extends ServerConnector {
    private static final int DRAIN_BUFFER_BYTES = 64 * 1024;
    private static final long POLL_MILLIS = 20;

    private final long lingerNanos;
    private final ScheduledExecutorService drainer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "earshot-linger");
        thread.setDaemon(true);
        return thread;
    });
    /** Sockets being drained, closed at once when the server stops. */
    private final Set<SocketChannel> lingering = ConcurrentHashMap.newKeySet();
    /** Only the drainer thread uses it. */
    private final ByteBuffer discard = ByteBuffer.allocate(DRAIN_BUFFER_BYTES);

    public LingeringConnector(Server server, Duration linger) {
        super(server);
        this.lingerNanos = linger.toNanos();
    }

    @Override
    protected SocketChannelEndPoint newEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
        SocketChannelEndPoint endPoint = new LingeringEndPoint(channel, selector, key);
        endPoint.setIdleTimeout(getIdleTimeout());
        return endPoint;
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        drainer.shutdownNow();
        lingering.forEach(LingeringConnector::closeQuietly);
        lingering.clear();
    }

    private final class LingeringEndPoint extends SocketChannelEndPoint {
        LingeringEndPoint(SocketChannel channel, ManagedSelector selector, SelectionKey key) {
            super(channel, selector, key, LingeringConnector.this.getScheduler());
        }

        @Override
        public void doClose() {
            SocketChannel channel = getChannel();
            try {
                channel.shutdownOutput(); // the client reads everything sent, then the end of the stream
            } catch (IOException | RuntimeException notConnected) {
                super.doClose();
                return;
            }
            lingering.add(channel);
            long deadline = System.nanoTime() + lingerNanos;
            try {
                drainer.execute(() -> drain(channel, deadline));
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                lingering.remove(channel);
                super.doClose();
            }
        }
    }

    /** Reads and drops what the client still sends; closes at its end of stream or at the deadline. */
    private void drain(SocketChannel channel, long deadline) {
        try {
            int read = 0;
            for (int reads = 0; reads < 16; reads++) { // a fast sender cannot hold the thread
                discard.clear();
                read = channel.read(discard);
                if (read <= 0) {
                    break;
                }
            }
            if (read < 0 || System.nanoTime() >= deadline) {
                finish(channel);
            } else {
                drainer.schedule(() -> drain(channel, deadline), POLL_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (IOException | RuntimeException gone) {
            finish(channel);
        }
    }

    private void finish(SocketChannel channel) {
        lingering.remove(channel);
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing is all that was left to do.
        }
    }
}
