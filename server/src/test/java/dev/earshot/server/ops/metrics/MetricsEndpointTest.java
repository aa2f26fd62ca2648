package dev.earshot.server.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /metrics} over HTTP on a real Jetty: the exposition, its headers, and what is not its own. */
@Timeout(30)
class MetricsEndpointTest {
    private final FakeReadings readings = new FakeReadings();
    private final ServerMetrics metrics = new ServerMetrics(readings);
    private MetricsServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aScrapeIsTheTextFormatWithARequestIdAndNoKey() throws Exception {
        server = new MetricsServer(metrics);
        readings.activeStreams = 2;
        metrics.events().ended(Records.stream(3, "linear16", 1000, ""));

        HttpResponse<byte[]> first = server.send("GET", "/metrics");
        HttpResponse<byte[]> second = server.send("GET", "/metrics");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        String requestId = first.headers().firstValue("dg-request-id").orElseThrow();
        assertThat(UUID.fromString(requestId).toString()).isEqualTo(requestId);
        assertThat(second.headers().firstValue("dg-request-id").orElseThrow()).isNotEqualTo(requestId);
        Exposition scrape = Exposition.parse(first.body());
        assertThat(scrape.value("engine_active_requests{kind=\"stream\"}")).isEqualTo(2);
        assertThat(scrape.value("engine_requests_total{kind=\"stream\",response_status=\"101\"}")).isEqualTo(1);
        assertThat(scrape.types()).containsKey("jvm_threads_current");
    }

    @Test
    void otherPathsGoOnToTheRestOfTheServer() throws Exception {
        server = new MetricsServer(metrics);

        for (String path : new String[] {"/v1/listen", "/metrics/", "/metricsx", "/"}) {
            HttpResponse<byte[]> response = server.send("GET", path);
            assertThat(response.headers().firstValue(MetricsServer.FALLBACK_HEADER)).as(path).hasValue("yes");
            assertThat(response.headers().firstValue("dg-request-id")).as(path).isEmpty();
        }
    }

    @Test
    void onlyGetScrapes() throws Exception {
        server = new MetricsServer(metrics);

        HttpResponse<byte[]> response = server.send("POST", "/metrics");

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET");
        assertThat(response.headers().firstValue("dg-request-id")).isPresent();
        assertThat(response.headers().firstValue(MetricsServer.FALLBACK_HEADER)).isEmpty();
    }
}
