package dev.earshot.server.engine;

/**
 * A speech recogniser: one model, loaded once and shared, from which each stream channel opens its own
 * {@link EngineStream}. Implementations are thread-safe; the streams they open are not.
 */
public interface Engine extends AutoCloseable {
    /** The one sample rate the model accepts. Feed it anything else and it may answer with empty text. */
    int sampleRateHz();

    ModelDescription model();

    /** A new recogniser for one channel of one stream. The caller must close it. */
    EngineStream openStream() throws EngineException;

    /** Streams opened and not yet closed: the gauge that proves recognisers are freed. */
    int liveStreams();

    /** Recognisers kept warm for new streams now; engines that keep none: 0. */
    default int warmRecognizers() {
        return 0;
    }

    /** Frees the model. Only call once every stream is closed. */
    @Override
    void close();
}
