package dev.earshot.server.testing;

import dev.earshot.server.EarshotServer;
import dev.earshot.server.Settings;
import dev.earshot.server.engine.Engine;
import java.util.List;
import java.util.function.UnaryOperator;

/** Starts real servers on 127.0.0.1 and a free port, with one known API key. */
public final class TestServers {
    public static final String API_KEY = "test-key-0123456789";

    private TestServers() {
    }

    public static Settings settings() {
        return Settings.defaults(List.of(API_KEY), SharedEngine.modelDir()).toBuilder().port(0).build();
    }

    public static EarshotServer start(Engine engine) {
        return start(engine, builder -> builder);
    }

    public static EarshotServer start(Engine engine, UnaryOperator<Settings.Builder> customize) {
        try {
            return EarshotServer.start(customize.apply(settings().toBuilder()).build(), engine);
        } catch (Exception e) {
            throw new IllegalStateException("server did not start", e);
        }
    }
}
