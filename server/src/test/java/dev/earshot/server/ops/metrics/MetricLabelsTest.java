package dev.earshot.server.ops.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Labels come from small fixed sets, whatever text a client or a bug puts in a record. */
@Timeout(10)
class MetricLabelsTest {

    @Test
    void aCloseIsItsCodeAndTheCatalogueCodeItsReasonStartsWith() {
        assertThat(CloseOutcome.of(1011, "NET-0001: no audio")).isEqualTo(new CloseOutcome("1011", "NET-0001"));
        assertThat(CloseOutcome.of(1000, "")).isEqualTo(new CloseOutcome("1000", "normal"));
        assertThat(CloseOutcome.of(1001, "SHUTDOWN: the server is shutting down"))
                .isEqualTo(new CloseOutcome("1001", "shutdown"));
        assertThat(CloseOutcome.of(1001, "the tab was closed")).isEqualTo(new CloseOutcome("1001", "other"));
        assertThat(CloseOutcome.of(null, null)).isEqualTo(new CloseOutcome("1006", "dropped"));
        assertThat(CloseOutcome.of(4999, "NET-0001")).isEqualTo(new CloseOutcome("other", "other"));
        assertThat(CloseOutcome.of(1011, null)).isEqualTo(new CloseOutcome("1011", "other"));
    }

    @Test
    void encodingsAreKeptWhenTheyLookLikeOneAndBoundedInNumber() {
        EncodingLabels labels = new EncodingLabels();
        assertThat(labels.of("linear16")).isEqualTo("linear16");
        assertThat(labels.of("Ogg/Opus")).isEqualTo("ogg/opus");
        assertThat(labels.of(null)).isEqualTo("unknown");
        assertThat(labels.of("drop table; --")).isEqualTo("other");
        assertThat(labels.of("x".repeat(40))).isEqualTo("other");
        for (int i = 2; i < EncodingLabels.MAX_VALUES; i++) { // linear16 and ogg/opus are two
            assertThat(labels.of("codec" + i)).isEqualTo("codec" + i);
        }
        assertThat(labels.of("one-too-many")).isEqualTo("other");
        assertThat(labels.of("linear16")).as("a value seen before stays").isEqualTo("linear16");
    }
}
