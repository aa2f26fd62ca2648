package dev.earshot.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.server.Settings;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.session.LiveSession;
import dev.earshot.server.session.SessionContext;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.testing.ManualTimers;
import dev.earshot.server.testing.ScriptedEngine;
import dev.earshot.server.testing.TestServers;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stops reading: the socket takes frames and never finishes writing them. The server gives up
 * on it once its unsent text passes the byte limit, disconnects it once, and frees its place.
 */
@Timeout(30)
class SocketListenerTest {
    private final ManualTimers timers = new ManualTimers();
    private final DecodeLanes lanes = new DecodeLanes(1, timers::nanoTime);
    private final ExecutorService decoderThreads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        lanes.close();
        decoderThreads.shutdownNow();
    }

    /** A Jetty session whose writes never complete, as when the client's receive window stays shut. */
    private static final class StuckSocket {
        final List<Callback> pending = new ArrayList<>();
        final AtomicInteger disconnects = new AtomicInteger();

        Session session() {
            return (Session) Proxy.newProxyInstance(Session.class.getClassLoader(), new Class<?>[] {Session.class},
                    (proxy, method, args) -> {
                        switch (method.getName()) {
                            case "sendText" -> pending.add((Callback) args[1]);
                            case "disconnect" -> disconnects.incrementAndGet();
                            case "isOpen" -> {
                                return disconnects.get() == 0;
                            }
                            default -> { }
                        }
                        return null;
                    });
        }
    }

    @Test
    void aClientThatStopsReadingIsCutOffOnceItsUnsentTextPassesTheLimit() throws Exception {
        ScriptedEngine engine = new ScriptedEngine();
        SessionServices services = new SessionServices(engine, TestServers.decoders(decoderThreads), timers);
        Settings settings = Settings.defaults(List.of("k"), Path.of("model"));
        SessionContext context = new SessionContext("00000000-0000-4000-8000-00000000abcf",
                ListenOptionsParser.parse("encoding=linear16&sample_rate=16000"), settings, engine.model(),
                Instant.parse("2026-11-24T03:00:00Z"), List.of());
        SocketListener listener = new SocketListener(1 << 20, 64 << 10, 4_096);
        List<LiveSession> released = new ArrayList<>();
        LiveSession session = new LiveSession(context, services, lanes.newLane(), listener, released::add);
        listener.attach(session);
        StuckSocket socket = new StuckSocket();
        listener.onWebSocketOpen(socket.session());

        ErrorMessage message = ErrorMessage.schemaError("x".repeat(200), "{}"); // about 250 bytes of JSON
        for (int i = 0; i < 100; i++) {
            listener.send(message);
        }
        assertThat(socket.pending).as("frames handed to Jetty before the limit").hasSizeBetween(10, 20);
        assertThat(socket.disconnects).as("disconnected once, however many frames then fail").hasValue(1);
        assertThat(released).as("its place is free").containsExactly(session);
        socket.pending.forEach(callback -> callback.fail(new java.io.IOException("closed")));
        assertThat(socket.disconnects).hasValue(1);
    }
}
