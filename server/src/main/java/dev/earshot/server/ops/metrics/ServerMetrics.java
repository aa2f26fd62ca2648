package dev.earshot.server.ops.metrics;

import dev.earshot.server.ops.ServerReadings;
import dev.earshot.server.session.events.RequestEvents;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Everything {@code GET /metrics} shows: Deepgram self-hosted's {@code engine_*} metrics where they fit,
 * Earshot's own {@code earshot_*}, and the JVM's ({@code jvm_*}, {@code process_*}). Requests feed it through
 * {@link #events()}; gauges are read from {@link ServerReadings} at each scrape.
 *
 * <p>Each instance has its own registry (never the client's static default), so servers and tests in one
 * JVM do not share counts. Thread-safe.
 */
public final class ServerMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final RequestMetrics requests;
    /** Always the Prometheus text format 0.0.4, whatever the scraper accepts: every tool reads it. */
    private final PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();

    public ServerMetrics(ServerReadings readings) {
        this.requests = new RequestMetrics(registry);
        ServerGauges.register(registry, readings);
        JvmMetrics.builder().register(registry);
    }

    /** What the server's requests must tell: hand it to the sessions (with the request log's, through {@code both}). */
    public RequestEvents events() {
        return requests;
    }

    /** The exposition's content type, {@code text/plain; version=0.0.4; charset=utf-8}. */
    public String contentType() {
        return format.getContentType();
    }

    /** One scrape: every metric's value now, in the text format. */
    public byte[] scrape() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        try {
            format.write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException("a memory buffer cannot fail: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }
}
