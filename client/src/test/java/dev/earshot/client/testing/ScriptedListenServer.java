package dev.earshot.client.testing;

import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.ModelInfo;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.protocol.ServerMessages;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A stand-in for {@code /v1/listen} that answers CloseStream as a test scripts it: final Results at a set pace
 * and then a normal close, or nothing at all. A real server cannot be made to go quiet, or to flush slowly,
 * on cue. It speaks just enough RFC 6455 for one client: the upgrade, masked client frames, unmasked text and
 * close frames back.
 */
public final class ScriptedListenServer implements AutoCloseable {
    public static final String REQUEST_ID = "5c0e5c0e-0000-4000-8000-000000000001";
    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final ServerSocket listener;
    private final int finals;
    private final Duration gap;
    /** Sends the scripted messages one after another, so writes to the socket never interleave. */
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "scripted-server-send");
        thread.setDaemon(true);
        return thread;
    });
    private final CountDownLatch closeStreamReceived = new CountDownLatch(1);

    /**
     * @param finals Results to send after CloseStream, {@code gap} apart, before closing with 1000; with
     *               {@code 0} the server says nothing and never closes
     */
    public ScriptedListenServer(int finals, Duration gap) throws IOException {
        this.finals = finals;
        this.gap = gap;
        this.listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::serveOne, "scripted-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + listener.getLocalPort());
    }

    /** Counts down when the client's CloseStream has arrived. */
    public CountDownLatch closeStreamReceived() {
        return closeStreamReceived;
    }

    /** The transcript of the {@code index}th final (from 1). */
    public static String transcript(int index) {
        return "final number " + index;
    }

    private void serveOne() {
        try (Socket socket = listener.accept()) {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            upgrade(in, out);
            while (true) {
                byte[] frame = readFrame(in);
                if (frame == null) {
                    return;
                }
                if (new String(frame, StandardCharsets.UTF_8).contains("\"CloseStream\"")) {
                    closeStreamReceived.countDown();
                    answerCloseStream(out);
                }
            }
        } catch (IOException | NoSuchAlgorithmException ended) {
            // The client went away: nothing more to script.
        }
    }

    private void answerCloseStream(OutputStream out) {
        if (finals == 0) {
            return;
        }
        for (int i = 1; i <= finals + 1; i++) {
            int index = i;
            sender.schedule(() -> {
                try {
                    if (index <= finals) {
                        writeFrame(out, 0x1, ServerMessages.toJson(results(index)).getBytes(StandardCharsets.UTF_8));
                    } else {
                        writeFrame(out, 0x8, ByteBuffer.allocate(2).putShort((short) 1000).array());
                    }
                } catch (IOException gone) {
                    // The client gave up.
                }
            }, gap.toMillis() * i, TimeUnit.MILLISECONDS);
        }
    }

    private static ResultsMessage results(int index) {
        return new ResultsMessage(0, 1, index - 1.0, 1.0, true, true, new Alternative(transcript(index), 0.9, List.of()),
                new ResultsMetadata(REQUEST_ID, new ModelInfo("scripted", "1", "none"), REQUEST_ID, Map.of()), false);
    }

    private static void upgrade(DataInputStream in, OutputStream out) throws IOException, NoSuchAlgorithmException {
        BufferedReader head = new BufferedReader(new InputStreamReader(in, StandardCharsets.ISO_8859_1), 1);
        String key = null;
        for (String line = head.readLine(); line != null && !line.isEmpty(); line = head.readLine()) {
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = line.substring(line.indexOf(':') + 1).trim();
            }
        }
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.ISO_8859_1)));
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\ndg-request-id: " + REQUEST_ID + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /** One client frame's payload, unmasked; null at the end of the connection or on a close frame. */
    private static byte[] readFrame(DataInputStream in) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int second = in.readUnsignedByte();
        long length = second & 0x7F;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((second & 0x80) != 0) {
            in.readFully(mask);
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i % 4];
        }
        return (first & 0x0F) == 0x8 ? null : payload;
    }

    private static void writeFrame(OutputStream out, int opcode, byte[] payload) throws IOException {
        out.write(0x80 | opcode);
        if (payload.length < 126) {
            out.write(payload.length);
        } else {
            out.write(126);
            out.write(payload.length >>> 8);
            out.write(payload.length & 0xFF);
        }
        out.write(payload);
        out.flush();
    }

    @Override
    public void close() throws IOException {
        sender.shutdownNow();
        listener.close();
    }
}
