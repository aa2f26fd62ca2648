package dev.earshot.client.doctor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A WebSocket upgrade request written by hand on a plain (or TLS) socket, so that every part of the answer
 * can be shown: status line, {@code dg-request-id} and {@code dg-error} (also on a 101, which
 * java.net.http does not expose), and the body of a refusal. An accepted upgrade is closed at once with 1000.
 */
final class HandshakeProbe {
    /** What the server answered. Header names are lower case. */
    record Answer(int status, String statusLine, Map<String, String> headers, String body, Duration took) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String requestId() {
            return header("dg-request-id");
        }
    }

    private static final int MAX_HEAD_BYTES = 64 * 1024;
    private static final int MAX_BODY_BYTES = 64 * 1024;

    private HandshakeProbe() {
    }

    static boolean isTls(URI url) {
        String scheme = url.getScheme().toLowerCase(Locale.ROOT);
        return scheme.equals("https") || scheme.equals("wss");
    }

    static int port(URI url) {
        return url.getPort() > 0 ? url.getPort() : isTls(url) ? 443 : 80;
    }

    /** Opens a socket to the URL's host, with TLS when the scheme asks for it. */
    static Socket open(URI url, Duration timeout) throws IOException {
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(url.getHost(), port(url)), (int) timeout.toMillis());
        plain.setSoTimeout((int) timeout.toMillis());
        if (!isTls(url)) {
            return plain;
        }
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, url.getHost(), port(url), true);
        tls.startHandshake();
        return tls;
    }

    static Answer upgrade(URI url, String apiKey, String query, Duration timeout) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = open(url, timeout)) {
            byte[] nonce = new byte[16];
            new SecureRandom().nextBytes(nonce);
            String request = "GET /v1/listen" + (query.isEmpty() ? "" : "?" + query) + " HTTP/1.1\r\n"
                    + "Host: " + url.getHost() + ":" + port(url) + "\r\n"
                    + "Upgrade: websocket\r\n"
                    + "Connection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(nonce) + "\r\n"
                    + "Sec-WebSocket-Version: 13\r\n"
                    + "Authorization: Token " + apiKey + "\r\n"
                    + "User-Agent: earshot-doctor\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            String[] lines = head.split("\r\n");
            String statusLine = lines[0];
            String[] parts = statusLine.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP answer: " + statusLine);
            }
            int status = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon > 0) {
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
            }
            String body = "";
            if (status == 101) {
                // A masked Close 1000, as a client must send, so the server ends the session cleanly.
                out.write(new byte[] {(byte) 0x88, (byte) 0x82, 0, 0, 0, 0, 0x03, (byte) 0xE8});
                out.flush();
            } else {
                body = readBody(in, headers.get("content-length"));
            }
            return new Answer(status, statusLine, headers, body, took);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("the connection closed before an HTTP answer"
                        + (head.size() > 0 ? ": " + head.toString(StandardCharsets.ISO_8859_1) : ""));
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : b == '\r' ? 1 : 0;
            if (head.size() > MAX_HEAD_BYTES) {
                throw new IOException("an HTTP head over 64 KiB");
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readBody(InputStream in, String contentLength) throws IOException {
        try {
            if (contentLength != null) {
                int length = (int) Math.min(Long.parseLong(contentLength), MAX_BODY_BYTES);
                return new String(in.readNBytes(length), StandardCharsets.UTF_8);
            }
            return new String(in.readNBytes(MAX_BODY_BYTES), StandardCharsets.UTF_8);
        } catch (SocketTimeoutException | NumberFormatException slow) {
            return "";
        }
    }
}
