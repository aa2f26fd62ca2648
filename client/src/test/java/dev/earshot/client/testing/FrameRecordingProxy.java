package dev.earshot.client.testing;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP proxy in front of a server that records every WebSocket frame the client sends, as it is on the
 * wire: what a client library really sends cannot be seen from its own API.
 */
public final class FrameRecordingProxy implements AutoCloseable {
    /** One client frame: its opcode (1 text, 2 binary, 8 close, ...), payload length, and text if any. */
    public record Frame(int opcode, long length, String text) {
        public boolean isBinary() {
            return opcode == 2;
        }
    }

    private final ServerSocket listener;
    private final int upstreamPort;
    private final List<Frame> frames = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    public FrameRecordingProxy(int upstreamPort) throws IOException {
        this.upstreamPort = upstreamPort;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /**
     * Waits until clients have sent {@code count} text frames containing {@code text}.
     *
     * @return whether they had within {@code timeout}
     */
    public boolean awaitTextFrames(String text, int count, java.time.Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (frames.stream().filter(f -> f.opcode() == 1 && f.text().contains(text)).count() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(frames, left);
            }
            return true;
        }
    }

    /** The frames clients sent so far, in order. */
    public List<Frame> frames() {
        return List.copyOf(frames);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), upstreamPort);
                sockets.add(client);
                sockets.add(server);
                start("proxy-to-server", () -> recordClientFrames(client.getInputStream(), server.getOutputStream()),
                        client, server);
                start("proxy-to-client", () -> server.getInputStream().transferTo(client.getOutputStream()),
                        client, server);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private interface Pump {
        long run() throws IOException;
    }

    private static void start(String name, Pump pump, Socket client, Socket server) {
        Thread thread = new Thread(() -> {
            try {
                pump.run();
            } catch (IOException ended) {
                // One side closed.
            } finally {
                closeQuietly(client);
                closeQuietly(server);
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Copies the upgrade request, then each frame, noting it. */
    private long recordClientFrames(InputStream fromClient, OutputStream toServer) throws IOException {
        DataInputStream in = new DataInputStream(fromClient);
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        while (!request.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException();
            }
            request.write(b);
        }
        toServer.write(request.toByteArray());
        toServer.flush();
        while (true) {
            int first = in.readUnsignedByte();
            int second = in.readUnsignedByte();
            ByteArrayOutputStream raw = new ByteArrayOutputStream();
            raw.write(first);
            raw.write(second);
            long length = second & 0x7F;
            if (length == 126) {
                int extended = in.readUnsignedShort();
                raw.write(extended >> 8);
                raw.write(extended);
                length = extended;
            } else if (length == 127) {
                length = in.readLong();
                for (int shift = 56; shift >= 0; shift -= 8) {
                    raw.write((int) (length >> shift));
                }
            }
            byte[] mask = new byte[(second & 0x80) != 0 ? 4 : 0];
            in.readFully(mask);
            raw.write(mask);
            byte[] payload = in.readNBytes((int) length);
            if (payload.length < length) {
                throw new EOFException();
            }
            raw.write(payload);
            int opcode = first & 0x0F;
            String text = null;
            if (opcode == 1) {
                byte[] plain = payload.clone();
                for (int i = 0; i < plain.length && mask.length == 4; i++) {
                    plain[i] ^= mask[i % 4];
                }
                text = new String(plain, StandardCharsets.UTF_8);
            }
            synchronized (frames) {
                frames.add(new Frame(opcode, length, text));
                frames.notifyAll();
            }
            toServer.write(raw.toByteArray());
            toServer.flush();
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(FrameRecordingProxy::closeQuietly);
    }
}
