package dev.earshot.bench.servers;

import dev.earshot.bench.measure.ResourceGauge;
import dev.earshot.client.HandshakeException;
import dev.earshot.client.LiveClient;
import dev.earshot.client.LiveConnection;
import dev.earshot.client.LiveListener;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server the bench reaches by URL ({@code --url}). Before any load, one short stream checks that it
 * answers, takes the key and finishes a stream, and asks it which model it runs.
 */
public final class RemoteServer implements ServerUnderTest {
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(20);
    /** A remote server's streams cannot be watched; its sockets close when ours do, so a moment suffices. */
    static final Duration QUIET = Duration.ofSeconds(1);

    private final URI baseUri;
    private final String apiKey;
    private final ResourceGauge gauge;
    private final String modelName;

    private RemoteServer(URI baseUri, String apiKey, ResourceGauge gauge, String modelName) {
        this.baseUri = baseUri;
        this.apiKey = apiKey;
        this.gauge = gauge;
        this.modelName = modelName;
    }

    /**
     * @param client     a client for {@code baseUri} with {@code apiKey}
     * @param firstAudio a little audio for the check stream
     * @throws IOException the server is unreachable, refuses the key, or cannot finish a stream; the message
     *                     says which and what to do
     */
    public static RemoteServer check(LiveClient client, URI baseUri, String apiKey, String query, byte[] firstAudio,
                                     ResourceGauge gauge) throws IOException, InterruptedException {
        AtomicReference<String> model = new AtomicReference<>("unknown");
        LiveConnection connection;
        try {
            connection = client.connect(query, new LiveListener() {
                @Override
                public void onMetadata(MetadataMessage metadata) {
                    if (metadata.modelInfo() != null) {
                        model.set(metadata.modelInfo().name());
                    }
                }
            });
        } catch (HandshakeException refused) {
            String advice = refused.status() == 401 ? ": pass --key KEY or set EARSHOT_API_KEY"
                    : refused.status() == 429 ? ": the server is at its stream limit already" : "";
            throw new IOException("the server at " + baseUri + " refused a stream (" + refused.getMessage() + ")" + advice,
                    refused);
        } catch (IOException unreachable) {
            throw new IOException("cannot reach " + baseUri + " (is 'earshot serve' running there?): "
                    + unreachable.getMessage(), unreachable);
        }
        try {
            connection.sendAudio(firstAudio);
            CloseReason close = connection.closeStream().get(CHECK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (close.code() != 1000) {
                throw new IOException("the server at " + baseUri + " did not finish a test stream: closed " + close);
            }
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            throw new IOException("the server at " + baseUri + " did not finish a test stream within "
                    + CHECK_TIMEOUT.toSeconds() + " s: " + e, e);
        } finally {
            connection.close();
        }
        return new RemoteServer(baseUri, apiKey, gauge, model.get());
    }

    @Override
    public URI baseUri() {
        return baseUri;
    }

    @Override
    public String apiKey() {
        return apiKey;
    }

    @Override
    public ResourceGauge gauge() {
        return gauge;
    }

    @Override
    public String modelName() {
        return modelName;
    }

    @Override
    public OptionalInt liveRecognisers() {
        return OptionalInt.empty();
    }

    @Override
    public void awaitQuiet(Duration limit) throws InterruptedException {
        Thread.sleep(Math.min(QUIET.toMillis(), limit.toMillis()));
    }

    @Override
    public void close() {
        // Not ours to stop.
    }
}
