package dev.earshot.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.bench.load.StepResult;
import dev.earshot.bench.measure.Distribution;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;

@Timeout(60)
class LagPlotTest {
    private static StepResult step(int streams, Double p50, Double p95) {
        Distribution lag = new Distribution(10, p50, p95, p95, p95);
        return new StepResult(streams, 15, 16, lag, Distribution.EMPTY, Distribution.EMPTY, Distribution.EMPTY,
                Distribution.EMPTY, null, null, null, 0, Map.of("1000", streams), null, 0, 10, 0, true, List.of());
    }

    @Test
    void drawsAWellFormedSvgWithAPointPerStepAndTheBound() throws Exception {
        List<StepResult> server = List.of(step(2, 40.0, 90.0), step(4, 60.0, 200.0), step(8, 300.0, 900.0));
        List<StepResult> engine = List.of(step(2, 10.0, 30.0), step(4, 20.0, 50.0), step(6, null, null));
        String svg = LagPlot.svg("lag <vs> streams & more", List.of(new LagPlot.Curve("server", server, false),
                new LagPlot.Curve("engine only", engine, true)), Duration.ofMillis(500));
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertThat(document.getDocumentElement().getTagName()).isEqualTo("svg");
        assertThat(document.getElementsByTagName("polyline").getLength()).isEqualTo(4);
        assertThat(document.getElementsByTagName("circle").getLength()).isEqualTo(3 + 3 + 2 + 2);
        assertThat(svg).contains("bound 500 ms").contains("lag &lt;vs&gt; streams &amp; more").contains("engine only p95");
    }

    @Test
    void ticksAreRoundNumbers() {
        assertThat(LagPlot.niceStep(900)).isEqualTo(200);
        assertThat(LagPlot.niceCeiling(900)).isEqualTo(1000);
        assertThat(LagPlot.niceStep(8)).isEqualTo(2);
        assertThat(LagPlot.niceStep(3)).isEqualTo(1);
    }
}
