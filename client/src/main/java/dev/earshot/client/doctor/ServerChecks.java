package dev.earshot.client.doctor;

import dev.earshot.client.FailureHints;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * The server end, step by step as a connection goes: the host answers TCP, TLS holds, {@code /v1/listen}
 * answers an upgrade with 101, and the key is accepted. Each step's failure has its own fix.
 */
final class ServerChecks {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** The findings, and whether streams can be opened with this key (later checks need it). */
    record Result(List<Finding> findings, boolean accepted) {
    }

    private ServerChecks() {
    }

    static Result run(DoctorOptions options) {
        List<Finding> findings = new ArrayList<>();
        URI url = options.url();
        String where = url.getHost() + ":" + HandshakeProbe.port(url);
        if (!reachable(url, where, findings) || !secure(url, findings)) {
            findings.add(Finding.skip("upgrade", "the server cannot be reached"));
            findings.add(Finding.skip("credentials", "the server cannot be reached"));
            return new Result(findings, false);
        }
        String query = options.declared().query();
        HandshakeProbe.Answer answer;
        try {
            answer = HandshakeProbe.upgrade(url, options.apiKey(), query, TIMEOUT);
        } catch (IOException | RuntimeException e) {
            findings.add(Finding.fail("upgrade", "GET /v1/listen got no HTTP answer from " + where + ": " + e.getMessage(),
                    "is this the Earshot (or Deepgram-compatible) server's port, not another service?"));
            findings.add(Finding.skip("credentials", "no answer to the upgrade"));
            return new Result(findings, false);
        }
        String seen = "HTTP " + answer.status() + " in " + answer.took().toMillis() + " ms"
                + (answer.requestId() == null ? ", no dg-request-id" : ", dg-request-id " + answer.requestId())
                + (answer.header("dg-error") == null ? "" : ", dg-error \"" + answer.header("dg-error") + "\"")
                + (answer.body().isBlank() ? "" : ", body " + answer.body().strip());
        int status = answer.status();
        boolean accepted = false;
        if (status == 101) {
            accepted = true;
            if (answer.requestId() == null) {
                findings.add(Finding.warn("upgrade", seen, "a server that sends no dg-request-id is not "
                        + "Deepgram-compatible, or a proxy strips the header: failures cannot be traced"));
            } else {
                findings.add(Finding.pass("upgrade", seen.replace("HTTP 101", "101 Switching Protocols")));
            }
            findings.add(Finding.pass("credentials", "the key is accepted (dg-request-id " + answer.requestId() + ")"));
        } else if (status == 401 || status == 403) {
            findings.add(Finding.pass("upgrade", "the server answers upgrades on /v1/listen (HTTP " + status
                    + " for this key)"));
            findings.add(Finding.fail("credentials", seen, FailureHints.forStatus(status)));
        } else if (status == 429 || status == 503) {
            findings.add(Finding.warn("upgrade", seen, FailureHints.forStatus(status)));
            findings.add(Finding.skip("credentials", "the server refused before checking the key"));
        } else {
            String fix = status == 400 && !query.isEmpty()
                    ? "the declared " + query + " is refused: " + FailureHints.forStatus(status)
                    : FailureHints.forStatus(status);
            findings.add(Finding.fail("upgrade", seen, fix));
            findings.add(Finding.skip("credentials", "the upgrade failed first"));
        }
        return new Result(findings, accepted);
    }

    private static boolean reachable(URI url, String where, List<Finding> findings) {
        long started = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(url.getHost(), HandshakeProbe.port(url)), (int) TIMEOUT.toMillis());
            findings.add(Finding.pass("reachable", String.format("TCP connection to %s in %.1f ms", where,
                    (System.nanoTime() - started) / 1e6)));
            return true;
        } catch (UnknownHostException e) {
            findings.add(Finding.fail("reachable", "cannot resolve the host " + url.getHost(),
                    "fix the host name in --url / EARSHOT_URL"));
        } catch (ConnectException e) {
            findings.add(Finding.fail("reachable", "connection refused at " + where + ": nothing listens there",
                    "start the server ('./earshot serve' listens on 127.0.0.1:8080), or fix the port in --url / "
                            + "EARSHOT_URL"));
        } catch (SocketTimeoutException e) {
            findings.add(Finding.fail("reachable", "no answer from " + where + " within " + TIMEOUT.toSeconds() + " s",
                    "a firewall drops the packets, or the host is wrong"));
        } catch (IOException e) {
            findings.add(Finding.fail("reachable", "cannot connect to " + where + ": " + e.getMessage(),
                    "check the URL and the network"));
        }
        return false;
    }

    private static boolean secure(URI url, List<Finding> findings) {
        if (!HandshakeProbe.isTls(url)) {
            if (isLoopback(url.getHost())) {
                findings.add(Finding.pass("tls", "plain " + url.getScheme() + ":// to a loopback address: nothing "
                        + "leaves this machine"));
            } else {
                findings.add(Finding.warn("tls", "plain " + url.getScheme() + ":// over the network: the API key and "
                        + "the audio travel unencrypted", "put TLS in front of the server (a reverse proxy) and use "
                        + "https:// or wss://"));
            }
            return true;
        }
        try (Socket socket = HandshakeProbe.open(url, TIMEOUT)) {
            SSLSocket tls = (SSLSocket) socket;
            findings.add(Finding.pass("tls", tls.getSession().getProtocol() + ", certificate for "
                    + tls.getSession().getPeerPrincipal().getName()));
            return true;
        } catch (SSLException e) {
            findings.add(Finding.fail("tls", "TLS handshake failed: " + e.getMessage(),
                    "a certificate this JVM does not trust (self-signed? an expired or wrong-host certificate?), "
                            + "or the port speaks plain HTTP: use http:// then"));
        } catch (IOException e) {
            findings.add(Finding.fail("tls", "TLS connection failed: " + e.getMessage(), "check the URL's port"));
        }
        return false;
    }

    private static boolean isLoopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
