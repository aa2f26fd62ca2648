package dev.earshot.server.testing;

import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.VoskEngine;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The real Vosk engine with the embedded model, loaded once for the whole test run (the model takes a
 * second and ~100 MB to load) and closed when the run ends. Inject it as a test or constructor parameter.
 */
public final class SharedEngine implements ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(SharedEngine.class);
    /** As a server keeps them: tests then run on warm recognisers, as streams on a busy server do. */
    private static final int WARM_RECOGNIZERS = 8;

    /** The model directory the build unpacked (the surefire configuration names it). */
    public static Path modelDir() {
        String configured = System.getProperty("earshot.model.dir");
        return configured != null ? Path.of(configured) : Path.of("target", "model", "en-us");
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == VoskEngine.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .getOrComputeIfAbsent("engine", key -> new Holder(), Holder.class).engine;
    }

    private static final class Holder implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final VoskEngine engine;

        Holder() {
            try {
                engine = VoskEngine.load(modelDir(), "en", WARM_RECOGNIZERS);
            } catch (EngineException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void close() {
            engine.close();
        }
    }
}
