package dev.earshot.server.ops.logs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.Logger;

/** {@code --log-format json}: one object a line, the request id in its own field. */
@Timeout(10)
class JsonLayoutTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "0f3c2a9e-7d1b-4c55-9a7e-2b1f0e6d8c41";

    private final CapturedLog log = new CapturedLog(new JsonLayout());
    private final Logger session = log.logger("dev.earshot.server.session.LiveSession");

    @Test
    void theRequestIdLeavesTheMessageForItsField() throws Exception {
        session.info("[{}] stream opened: {}", ID, "{encoding=linear16, sample_rate=16000}");

        JsonNode line = onlyLine();
        assertThat(fieldNames(line)).containsExactly("time", "level", "logger", "thread", "request_id", "message");
        assertThat(line.get("time").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(line.get("level").asText()).isEqualTo("INFO");
        assertThat(line.get("logger").asText()).isEqualTo("dev.earshot.server.session.LiveSession");
        assertThat(line.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(line.get("request_id").asText()).isEqualTo(ID);
        assertThat(line.get("message").asText()).isEqualTo("stream opened: {encoding=linear16, sample_rate=16000}");
    }

    @Test
    void anEventWithoutAnIdHasNoRequestIdField() throws Exception {
        log.logger("dev.earshot.server.EngineWarmUp").info("{} recognisers warm after {} ms", 12, 3400);
        log.logger("dev.earshot.server.EngineWarmUp").info("[warm-up] brackets that hold no id");

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2).allSatisfy(line -> assertThat(line.has("request_id")).isFalse());
        assertThat(lines.get(0).get("message").asText()).isEqualTo("12 recognisers warm after 3400 ms");
        assertThat(lines.get(1).get("message").asText()).isEqualTo("[warm-up] brackets that hold no id");
    }

    @Test
    void theMdcsRequestIdCountsWhenTheMessageHasNone() throws Exception {
        log.mdc("request_id", "from-the-mdc");
        session.info("a message with no id of its own");
        session.info("[{}] stream closed: {}", ID, "by the client");

        List<JsonNode> lines = lines();
        assertThat(lines.get(0).get("request_id").asText()).isEqualTo("from-the-mdc");
        assertThat(lines.get(0).get("message").asText()).isEqualTo("a message with no id of its own");
        assertThat(lines.get(1).get("request_id").asText()).isEqualTo(ID);
    }

    @Test
    void aThrowableGoesInsideTheSameLine() throws Exception {
        IllegalStateException bug = new IllegalStateException("boom\nsecond line",
                new java.io.IOException("the cause"));
        log.logger("dev.earshot.server.transport.ListenEndpoint").error("[{}] {} {} failed", ID, "GET", "/v1/listen",
                bug);

        assertThat(log.text()).endsWith("}\n").containsOnlyOnce("\n");
        JsonNode line = onlyLine();
        assertThat(line.get("level").asText()).isEqualTo("ERROR");
        assertThat(line.get("request_id").asText()).isEqualTo(ID);
        assertThat(line.get("message").asText()).isEqualTo("GET /v1/listen failed");
        assertThat(line.get("error").asText())
                .startsWith("java.lang.IllegalStateException: boom\nsecond line\n\tat dev.earshot.server.ops.logs.")
                .contains("Caused by: java.io.IOException: the cause")
                .doesNotEndWith("\n");
    }

    @Test
    void quotesLineBreaksControlsAndNonAsciiSurviveInOneLine() throws Exception {
        String awkward = "said \"hello\" \\ then\nleft\r\n\ttab \u0001 naïve café 日本語 😀 \u2028";
        session.info("[{}] undecodable audio: {}", ID, awkward);

        String text = log.text();
        assertThat(text).containsOnlyOnce("\n").endsWith("\n")
                .contains("said \\\"hello\\\" \\\\ then\\nleft\\r\\n\\ttab \\u0001 naïve café 日本語 😀");
        JsonNode line = onlyLine();
        assertThat(line.get("message").asText()).isEqualTo("undecodable audio: " + awkward);
    }

    private JsonNode onlyLine() throws Exception {
        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(1);
        return lines.get(0);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.text().split("\n")) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static List<String> fieldNames(JsonNode line) {
        List<String> names = new ArrayList<>();
        line.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
