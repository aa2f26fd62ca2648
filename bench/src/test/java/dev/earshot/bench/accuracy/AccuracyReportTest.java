package dev.earshot.bench.accuracy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.bench.audio.Programme;
import dev.earshot.bench.audio.WireClip;
import dev.earshot.bench.measure.WordErrors;
import dev.earshot.bench.report.AccuracyTable;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The comparison's arithmetic and its table, from given word errors. */
@Timeout(60)
class AccuracyReportTest {
    private static AccuracyClip clip(String name, int words) {
        String reference = String.join(" ", java.util.Collections.nCopies(words, "word"));
        Programme programme = new Programme(new byte[2], 16_000, List.of(), reference, List.of(name));
        return new AccuracyClip(name, programme, new WireClip(List.of(), List.of()), false);
    }

    private static SessionPlayer.Heard heard(int errors, int words) {
        return new SessionPlayer.Heard(new WordErrors(errors, words), null);
    }

    /** Two streams: each fixture heard twice on each side. */
    private static AccuracyReport.Step step() {
        List<AccuracyClip> clips = List.of(clip("librivox", 70), clip("prompts-1", 300));
        FixtureTally engine = new FixtureTally(2);
        FixtureTally server = new FixtureTally(2);
        engine.add(0, heard(7, 70));
        engine.add(0, heard(7, 70));
        engine.add(1, heard(45, 300));
        engine.add(1, heard(51, 300));
        server.add(0, heard(9, 70));
        server.add(0, heard(8, 70));
        server.add(1, heard(48, 300));
        server.add(1, SessionPlayer.Heard.failed("prompts-1: no message for 30 s after CloseStream, and no close"));
        return AccuracyReport.step(2, clips, engine, server);
    }

    @Test
    void ratesSumErrorsOverThePlaysThatEndedAndTheDifferenceIsInPoints() {
        AccuracyReport.Step step = step();
        AccuracyReport.Row librivox = step.fixtures().get(0);
        assertThat(librivox).isEqualTo(new AccuracyReport.Row("librivox", 70, 2, 0.1, 0.1214, 2.14, 0, 0));
        AccuracyReport.Row prompts = step.fixtures().get(1);
        assertThat(prompts).isEqualTo(new AccuracyReport.Row("prompts-1", 300, 2, 0.16, 0.16, 0.0, 0, 1));
        // engine (7+7+45+51)/(140+600) = 110/740; server (9+8+48)/(140+300) = 65/440
        assertThat(step.total()).isEqualTo(new AccuracyReport.Row("total", 370, 4, 0.1486, 0.1477, -0.09, 0, 1));
        assertThat(step.failures()).containsExactly(
                "server: prompts-1: no message for 30 s after CloseStream, and no close");
    }

    @Test
    void theTableHasARowPerFixtureThenTheTotalThenWhatFailed() {
        String table = AccuracyTable.header() + AccuracyTable.step(step());
        assertThat(table.lines().toList()).containsExactly(
                "streams  fixture                words  plays  engine WER  server WER  difference  failed (engine/server)",
                "                                                   alone                  points",
                "      2  librivox                  70      2      10.00%      12.14%       +2.14  0/0",
                "      2  prompts-1                300      2      16.00%      16.00%       +0.00  0/1",
                "      2  total                    370      4      14.86%      14.77%       -0.09  0/1",
                "         failed: server: prompts-1: no message for 30 s after CloseStream, and no close");
        AccuracyReport report = new AccuracyReport("mulaw-8k", "mulaw at 8000 Hz in 20 ms frames",
                "encoding=mulaw&sample_rate=8000&channels=1&interim_results=true&endpointing=false",
                "the fixtures' own 8 kHz recordings (8k/NAME.wav)", 0, false, AccuracyReport.SCHEDULE, List.of(step()));
        assertThat(AccuracyTable.parameters(report)).startsWith("accuracy: wire mulaw-8k (mulaw at 8000 Hz in 20 ms"
                + " frames; the fixtures' own 8 kHz recordings (8k/NAME.wav)), query encoding=mulaw&sample_rate=8000"
                + "&channels=1&interim_results=true&endpointing=false; endpointing off; as fast as read (--fast); each");
        assertThat(AccuracyTable.summary(report)).isEqualTo(String.format("WER with 2 streams at once, 370 words x 2:"
                + " engine alone 14.86%%, server 14.77%%, difference -0.09 points%n"));
    }
}
