package dev.earshot.bench.accuracy;

import dev.earshot.bench.load.EngineStreams;
import dev.earshot.bench.load.StreamOutcome;
import dev.earshot.server.engine.Engine;
import java.util.List;

/**
 * The engine alone the plain way, through the load baseline's own {@link EngineStreams}: a fresh recogniser
 * for the session's whole life, 100 ms blocks, {@code Result()} at the engine's endpoints and
 * {@code FinalResult()} at the end, so that the comparison and the load figures use one baseline.
 */
public final class EngineSessions implements SessionPlayer {
    private final Engine engine;
    private final boolean fast;

    public EngineSessions(Engine engine, boolean fast) {
        this.engine = engine;
        this.fast = fast;
    }

    @Override
    public Heard play(AccuracyClip clip) throws InterruptedException {
        StreamOutcome outcome = new EngineStreams(engine, List.of(clip.programme()), fast).play(0, System.nanoTime());
        return outcome.ok() ? new Heard(outcome.words(), null) : Heard.failed(outcome.failure());
    }
}
