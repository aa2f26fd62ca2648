package dev.earshot.bench.load;

import java.time.Duration;

/**
 * Plays one stream of a load step: over the wire to a server ({@link LiveStreams}) or straight into the
 * engine ({@link EngineStreams}). {@link #play} runs on the stream's own thread, one call per stream.
 */
public interface StreamSource {
    /**
     * Plays stream {@code index} from {@code startAtNanos} on and returns once it has ended, however it
     * ended: refusals, failures and timeouts are outcomes, not exceptions.
     */
    StreamOutcome play(int index, long startAtNanos) throws InterruptedException;

    /** The longest one stream may take from its start before {@link LoadStep} gives up on it. */
    Duration deadline();

    /** Seconds of audio stream {@code index} plays. */
    double audioSeconds(int index);

    /** Ends every stream still playing: called once their deadline has passed. */
    void abortAll();
}
