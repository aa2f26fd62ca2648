package dev.earshot.bench.accuracy;

import dev.earshot.bench.audio.NarrowbandOriginals;
import dev.earshot.bench.audio.WireFormat;
import dev.earshot.bench.load.LiveStreams;
import dev.earshot.bench.load.Ramp;
import dev.earshot.bench.report.AccuracyTable;
import dev.earshot.client.LiveClient;
import dev.earshot.server.engine.Engine;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code --accuracy}: at each N, every fixture through the engine alone, then through the server, N streams at
 * once on each side (never both sides at once: they would share the cores), printing each N's rows as it
 * ends.
 */
public final class AccuracyRun {
    private final Engine engine;
    private final LiveClient client;
    private final WireFormat wire;
    private final int endpointingMs;
    private final boolean fast;
    private final PrintWriter out;

    /** @param client a client of the server under test */
    public AccuracyRun(Engine engine, LiveClient client, WireFormat wire, int endpointingMs, boolean fast,
                       PrintWriter out) {
        this.engine = engine;
        this.client = client;
        this.wire = wire;
        this.endpointingMs = endpointingMs;
        this.fast = fast;
        this.out = out;
    }

    /** @param quiet waits until the server has let go of the last step's streams */
    public AccuracyReport compare(List<Integer> streamCounts, List<AccuracyClip> clips, Ramp.Quiet quiet)
            throws InterruptedException {
        String query = LiveStreams.query(wire.query(), endpointingMs);
        AccuracyReport report = new AccuracyReport(wire.optionValue(), wire.describe(), query, narrowbandSource(wire, clips),
                endpointingMs, !fast, AccuracyReport.SCHEDULE, List.of());
        out.print(AccuracyTable.parameters(report));
        out.println();
        out.print(AccuracyTable.header());
        out.flush();
        SessionPlayer alone = new EngineSessions(engine, fast);
        SessionPlayer served = new ServerSessions(client, query, fast);
        List<AccuracyReport.Step> steps = new ArrayList<>();
        for (int streams : streamCounts) {
            FixtureTally engineTally = AccuracyStep.run(streams, clips, alone);
            FixtureTally serverTally = AccuracyStep.run(streams, clips, served);
            quiet.await();
            AccuracyReport.Step step = AccuracyReport.step(streams, clips, engineTally, serverTally);
            steps.add(step);
            out.print(AccuracyTable.step(step));
            out.flush();
        }
        return new AccuracyReport(report.wire(), report.wireAudio(), query, report.narrowbandSource(), endpointingMs,
                !fast, AccuracyReport.SCHEDULE, steps);
    }

    /** For 8 kHz formats: what the server got, the recordings' own 8 kHz or a resampled copy. */
    static String narrowbandSource(WireFormat wire, List<AccuracyClip> clips) {
        if (!wire.narrowband()) {
            return null;
        }
        long originals = clips.stream().filter(AccuracyClip::narrowbandOriginal).count();
        String resampled = "resampled from 16 kHz by the server's Resampler";
        if (originals == 0) {
            return resampled + " (no " + NarrowbandOriginals.SUBDIRECTORY + "/NAME.wav originals)";
        }
        return originals == clips.size() ? "the fixtures' own 8 kHz recordings (" + NarrowbandOriginals.SUBDIRECTORY
                + "/NAME.wav)" : originals + " of " + clips.size() + " fixtures from their own 8 kHz recordings, the"
                + " rest " + resampled;
    }
}
