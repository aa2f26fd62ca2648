package dev.earshot.protocol;

/**
 * A text frame that is not one of the client messages of live-api.md §3. The session stays open and
 * answers with an {@code Error} message of variant {@code SchemaError}.
 */
public final class SchemaException extends Exception {
    private static final long serialVersionUID = 1L;

    public SchemaException(String description) {
        super(description);
    }
}
