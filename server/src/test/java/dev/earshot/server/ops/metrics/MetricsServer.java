package dev.earshot.server.ops.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty on 127.0.0.1 and a free port with the metrics endpoint in front, as the server wires it, and
 * behind it a stand-in for the rest of the server that answers 404 with {@code x-fallback: yes}.
 */
final class MetricsServer implements AutoCloseable {
    static final String FALLBACK_HEADER = "x-fallback";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Server jetty = new Server();
    private final ServerConnector connector = new ServerConnector(jetty);
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    MetricsServer(ServerMetrics metrics) throws Exception {
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        jetty.setHandler(new Handler.Sequence(new MetricsEndpoint(metrics), new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(404);
                response.getHeaders().put(FALLBACK_HEADER, "yes");
                callback.succeeded();
                return true;
            }
        }));
        jetty.start();
    }

    HttpResponse<byte[]> send(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + path))
                .timeout(TIMEOUT).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
