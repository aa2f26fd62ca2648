package dev.earshot.server.engine;

/** The engine failed: a model that cannot load, a recogniser that cannot be created or that errs. */
public final class EngineException extends Exception {
    private static final long serialVersionUID = 1L;

    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
