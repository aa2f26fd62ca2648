package dev.earshot.server.transport.guard;

import dev.earshot.server.session.timers.Timers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices clients that hang up while the server works on their request. Jetty reads nothing from a
 * connection while its handler runs, so a client's FIN goes unseen until the answer is written, minutes
 * later for a long file; the kernel knows at once: the server's end of the connection is in CLOSE_WAIT.
 * Every {@link #CHECK_INTERVAL}, while any request is watched, this reads the kernel's table of TCP
 * connections ({@code /proc/net/tcp} and {@code tcp6}) and runs the hang-up action of each watched
 * connection found closing. Where that table does not exist (not Linux), nothing is noticed.
 */
public final class HangUps {
    private static final Logger LOG = LoggerFactory.getLogger(HangUps.class);
    static final Duration CHECK_INTERVAL = Duration.ofSeconds(1);
    private static final Path[] TABLES = {Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6")};
    /** The kernel's state number for CLOSE_WAIT: the peer has closed its side. */
    private static final String CLOSE_WAIT = "08";

    private final Timers timers;
    /** The watched connections, by the kernel's "local remote" key, with what to do when they hang up. */
    private final Map<String, Runnable> watched = new ConcurrentHashMap<>();
    /** Timer thread and {@link #watch}: whether a check is scheduled. */
    private boolean checking;

    public HangUps(Timers timers) {
        this.timers = timers;
    }

    /** A watch on one connection, ended with {@link Watch#close()}. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /** Runs {@code onHangUp} once if the client of this connection hangs up before the watch is closed. */
    public Watch watch(SocketAddress local, SocketAddress remote, Runnable onHangUp) {
        if (!(local instanceof InetSocketAddress here) || !(remote instanceof InetSocketAddress there)) {
            return () -> { };
        }
        Set<String> keys = keys(here, there);
        keys.forEach(key -> watched.put(key, onHangUp));
        synchronized (this) {
            if (!checking) {
                try {
                    timers.schedule(this::check, CHECK_INTERVAL.toNanos());
                    checking = true;
                } catch (RejectedExecutionException stopping) {
                    // The server is stopping: nothing will be answered long enough to need watching.
                }
            }
        }
        return () -> keys.forEach(watched::remove);
    }

    private void check() {
        synchronized (this) {
            if (watched.isEmpty()) {
                checking = false;
                return;
            }
        }
        for (String key : closingConnections()) {
            Runnable onHangUp = watched.remove(key);
            if (onHangUp != null) {
                LOG.debug("client of {} hung up", key);
                onHangUp.run();
            }
        }
        try {
            timers.schedule(this::check, CHECK_INTERVAL.toNanos());
        } catch (RejectedExecutionException stopping) {
            synchronized (this) {
                checking = false;
            }
        }
    }

    /** The "local remote" keys of every connection in CLOSE_WAIT. */
    private static Set<String> closingConnections() {
        Set<String> closing = new HashSet<>();
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] fields = line.trim().split("\\s+");
                    if (fields.length > 3 && CLOSE_WAIT.equals(fields[3])) {
                        closing.add(fields[1] + " " + fields[2]);
                    }
                }
            } catch (IOException | RuntimeException absent) {
                // Not Linux, or no IPv6: nothing to see in this table.
            }
        }
        return closing;
    }

    /** The connection as the kernel's tables write it: IPv4 in tcp, and IPv4-mapped or IPv6 in tcp6. */
    static Set<String> keys(InetSocketAddress local, InetSocketAddress remote) {
        Set<String> keys = new HashSet<>();
        keys.add(address(local) + " " + address(remote));
        if (local.getAddress().getAddress().length == 4 && remote.getAddress().getAddress().length == 4) {
            keys.add(mapped(local) + " " + mapped(remote));
        }
        return keys;
    }

    /** {@code ADDRESS:PORT}: the address as 32-bit words in the machine's byte order, the port in hex. */
    static String address(InetSocketAddress socket) {
        return words(socket.getAddress().getAddress()) + ":" + String.format(Locale.ROOT, "%04X", socket.getPort());
    }

    private static String mapped(InetSocketAddress socket) {
        byte[] v4 = socket.getAddress().getAddress();
        byte[] v6 = new byte[16];
        v6[10] = (byte) 0xFF;
        v6[11] = (byte) 0xFF;
        System.arraycopy(v4, 0, v6, 12, 4);
        return words(v6) + ":" + String.format(Locale.ROOT, "%04X", socket.getPort());
    }

    private static String words(byte[] address) {
        ByteBuffer buffer = ByteBuffer.wrap(address).order(ByteOrder.nativeOrder());
        StringBuilder hex = new StringBuilder();
        while (buffer.hasRemaining()) {
            hex.append(String.format(Locale.ROOT, "%08X", buffer.getInt()));
        }
        return hex.toString();
    }
}
