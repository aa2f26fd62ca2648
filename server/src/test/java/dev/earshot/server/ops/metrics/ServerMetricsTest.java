package dev.earshot.server.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.ops.ServerReadings.LaneWaits;
import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.events.RequestRecord.Kind;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Records and events in, a scrape out: names, labels and values as Prometheus will read them. */
@Timeout(30)
class ServerMetricsTest {
    private final FakeReadings readings = new FakeReadings();
    private final ServerMetrics metrics = new ServerMetrics(readings);
    private final RequestEvents events = metrics.events();

    private Exposition scrape() {
        return Exposition.parse(metrics.scrape());
    }

    @Test
    void gaugesAreReadAtEachScrape() {
        readings.activeStreams = 3;
        readings.activeFiles = 1;
        readings.warmRecognizers = 7;
        readings.warmUpPlanned = 12;
        readings.warmUpDone = 5;
        Exposition first = scrape();
        assertThat(first.value("engine_active_requests{kind=\"stream\"}")).isEqualTo(3);
        assertThat(first.value("engine_active_requests{kind=\"batch\"}")).isEqualTo(1);
        assertThat(first.value("engine_max_active_requests{kind=\"stream\"}")).isEqualTo(12);
        assertThat(first.value("engine_max_active_requests{kind=\"batch\"}")).isEqualTo(2);
        assertThat(first.value("engine_estimated_stream_capacity")).isEqualTo(12);
        assertThat(first.value("engine_requests_active_to_max_ratio")).isEqualTo(0.25);
        assertThat(first.value("earshot_warm_recognizers")).isEqualTo(7);
        assertThat(first.value("earshot_warm_up_planned_recognizers")).isEqualTo(12);
        assertThat(first.value("earshot_warm_up_done_recognizers")).isEqualTo(5);
        assertThat(first.value("earshot_draining")).isZero();

        readings.activeStreams = 9;
        readings.warmUpDone = 12;
        readings.draining = true;
        Exposition second = scrape();
        assertThat(second.value("engine_active_requests{kind=\"stream\"}")).isEqualTo(9);
        assertThat(second.value("engine_requests_active_to_max_ratio")).isEqualTo(0.75);
        assertThat(second.value("earshot_warm_up_done_recognizers")).isEqualTo(12);
        assertThat(second.value("earshot_draining")).isEqualTo(1);
    }

    @Test
    void requestsAreCountedByKindAndStatusAndRefusalsApart() {
        events.ended(Records.stream(4.0, "linear16", 1000, ""));
        events.ended(Records.stream(2.0, "linear16", 1011, "NET-0001: no audio"));
        events.ended(Records.refused(Kind.STREAM, 429));
        events.ended(Records.file(200, Duration.ofSeconds(3), 30.0, "wav"));
        events.ended(Records.file(400, Duration.ofMillis(40), 0, null));
        events.ended(Records.refused(Kind.OTHER, 404));

        Exposition scrape = scrape();
        assertThat(scrape.value("engine_requests_total{kind=\"stream\",response_status=\"101\"}")).isEqualTo(2);
        assertThat(scrape.value("engine_requests_total{kind=\"stream\",response_status=\"429\"}")).isEqualTo(1);
        assertThat(scrape.value("engine_requests_total{kind=\"batch\",response_status=\"200\"}")).isEqualTo(1);
        assertThat(scrape.value("engine_requests_total{kind=\"batch\",response_status=\"400\"}")).isEqualTo(1);
        assertThat(scrape.samples()).as("an unknown path is no engine request")
                .doesNotContainKey("engine_requests_total{kind=\"other\",response_status=\"404\"}");
        assertThat(scrape.value("earshot_refusals_total{kind=\"stream\",status=\"429\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_refusals_total{kind=\"batch\",status=\"400\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_refusals_total{kind=\"other\",status=\"404\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_audio_seconds_total{encoding=\"linear16\",kind=\"stream\"}")).isEqualTo(6);
        assertThat(scrape.value("earshot_audio_seconds_total{encoding=\"wav\",kind=\"batch\"}")).isEqualTo(30);
    }

    @Test
    void closesAreCountedByCodeAndShortReasonNeverByTheirText() {
        events.ended(Records.stream(1, "linear16", 1000, ""));
        events.ended(Records.stream(1, "linear16", 1000, "bye from the client"));
        events.ended(Records.stream(1, "linear16", 1011, "NET-0001: no audio or text message received"));
        events.ended(Records.stream(1, "linear16", 1011, "NET-0000: the service did not produce a result"));
        events.ended(Records.stream(1, "mulaw", 1008, "DATA-0000: the payload cannot be decoded as audio"));
        events.ended(Records.stream(1, "linear16", 1009, "DATA-0001: the frame is larger than the maximum"));
        events.ended(Records.stream(1, "linear16", 1001, "SHUTDOWN: the server is shutting down"));
        events.ended(Records.stream(1, "linear16", null, null));
        events.ended(Records.stream(1, "linear16", 4000, "secret-looking client text 1234"));
        events.ended(Records.stream(1, "linear16", 1011, "something unforeseen"));

        Exposition scrape = scrape();
        assertThat(scrape.value("earshot_stream_closes_total{code=\"1000\",reason=\"normal\"}")).isEqualTo(2);
        assertThat(scrape.value("earshot_stream_closes_total{code=\"1011\",reason=\"NET-0001\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_stream_closes_total{code=\"1011\",reason=\"NET-0000\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_stream_closes_total{code=\"1008\",reason=\"DATA-0000\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_stream_closes_total{code=\"1009\",reason=\"DATA-0001\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_stream_closes_total{code=\"1001\",reason=\"shutdown\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_stream_closes_total{code=\"1006\",reason=\"dropped\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_stream_closes_total{code=\"other\",reason=\"other\"}")).isEqualTo(1);
        assertThat(scrape.value("earshot_stream_closes_total{code=\"1011\",reason=\"other\"}")).isEqualTo(1);
        assertThat(scrape.text()).doesNotContain("bye", "secret", "unforeseen", "payload");
    }

    @Test
    void latenciesGoToTheirHistograms() {
        events.resultLag(Duration.ofMillis(300));
        events.resultLag(Duration.ofMillis(2_000));
        events.resultLag(Duration.ofMillis(-5));
        events.firstWord(Duration.ofMillis(800));
        events.ended(Records.file(200, Duration.ofSeconds(3), 30.0, "wav"));
        events.ended(Records.file(400, Duration.ofMillis(40), 0, null));

        Exposition scrape = scrape();
        assertThat(scrape.value("engine_stream_latency_seconds_bucket{le=\"0.05\"}")).isEqualTo(1);
        assertThat(scrape.value("engine_stream_latency_seconds_bucket{le=\"0.5\"}")).isEqualTo(2);
        assertThat(scrape.value("engine_stream_latency_seconds_bucket{le=\"1.5\"}")).isEqualTo(2);
        assertThat(scrape.value("engine_stream_latency_seconds_bucket{le=\"2.0\"}")).isEqualTo(3);
        assertThat(scrape.value("engine_stream_latency_seconds_count")).isEqualTo(3);
        assertThat(scrape.value("engine_stream_latency_seconds_sum")).isEqualTo(2.3);
        assertThat(scrape.value("earshot_first_word_latency_seconds_bucket{le=\"0.75\"}")).isZero();
        assertThat(scrape.value("earshot_first_word_latency_seconds_bucket{le=\"1.0\"}")).isEqualTo(1);
        assertThat(scrape.value("engine_batch_response_time_seconds_count")).as("only files answered").isEqualTo(1);
        assertThat(scrape.value("engine_batch_response_time_seconds_sum")).isEqualTo(3);
    }

    @Test
    void laneWaitsAreASummaryAndTheRequestLogCountsZeroUntilThereIsOne() {
        readings.streamLaneWaits = new LaneWaits(40, 2_000_000_000L);
        readings.batchLaneWaits = new LaneWaits(10, 500_000_000L);

        Exposition scrape = scrape();
        assertThat(scrape.types()).containsEntry("earshot_decode_lane_wait_seconds", "summary");
        assertThat(scrape.value("earshot_decode_lane_wait_seconds_count{kind=\"stream\"}")).isEqualTo(40);
        assertThat(scrape.value("earshot_decode_lane_wait_seconds_sum{kind=\"stream\"}")).isEqualTo(2);
        assertThat(scrape.value("earshot_decode_lane_wait_seconds_sum{kind=\"batch\"}")).isEqualTo(0.5);
        assertThat(scrape.value("earshot_request_log_records_total{outcome=\"written\"}")).isZero();
        assertThat(scrape.value("earshot_request_log_records_total{outcome=\"dropped\"}")).isZero();
        assertThat(scrape.value("earshot_request_log_records_total{outcome=\"failed\"}")).isZero();
    }

    @Test
    void familiesHaveTheirTypesBesideTheJvmsOwn() {
        events.ended(Records.stream(1, "linear16", 1000, ""));

        Exposition scrape = scrape();
        assertThat(scrape.types())
                .containsEntry("engine_requests_total", "counter")
                .containsEntry("engine_active_requests", "gauge")
                .containsEntry("engine_stream_latency_seconds", "histogram")
                .containsEntry("engine_batch_response_time_seconds", "histogram")
                .containsEntry("earshot_audio_seconds_total", "counter")
                .containsEntry("earshot_stream_closes_total", "counter")
                .containsEntry("jvm_memory_used_bytes", "gauge")
                .containsEntry("process_cpu_seconds_total", "counter");
        assertThat(metrics.contentType()).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    }

    @Test
    void eachServerCountsAlone() {
        events.ended(Records.stream(1, "linear16", 1000, ""));

        Exposition other = Exposition.parse(new ServerMetrics(new FakeReadings()).scrape());
        assertThat(other.samples()).doesNotContainKey("engine_requests_total{kind=\"stream\",response_status=\"101\"}");
    }
}
