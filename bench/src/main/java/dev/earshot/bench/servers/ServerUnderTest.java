package dev.earshot.bench.servers;

import dev.earshot.bench.measure.ResourceGauge;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;

/** The server under test: one the bench started in its own JVM, or one it reaches by URL. */
public sealed interface ServerUnderTest extends AutoCloseable permits SpawnedServer, RemoteServer {
    URI baseUri();

    String apiKey();

    /** Where the server's CPU and memory can be read, if anywhere. */
    ResourceGauge gauge();

    /** The model the server says it runs. */
    String modelName();

    /** Recognisers the server holds, where the bench can count them (a server in its own JVM). */
    OptionalInt liveRecognisers();

    /** Returns once the server has no stream of the bench's left running, or {@code limit} has passed. */
    void awaitQuiet(Duration limit) throws InterruptedException;

    @Override
    void close();
}
