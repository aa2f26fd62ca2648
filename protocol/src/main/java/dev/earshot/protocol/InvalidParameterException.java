package dev.earshot.protocol;

/**
 * A query parameter of {@code /v1/listen} that cannot be accepted: an unknown name, a bad value or a
 * contradictory combination. The message names the parameter and what is allowed (live-api.md §1),
 * and becomes the {@code dg-error} header of a 400.
 */
public final class InvalidParameterException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String parameter;

    public InvalidParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    /** The offending parameter's name as the client sent it. */
    public String parameter() {
        return parameter;
    }

    static InvalidParameterException badValue(String parameter, String value, String expected) {
        return new InvalidParameterException(parameter,
                "Invalid value '" + Quoting.clip(value) + "' for parameter '" + parameter + "': expected " + expected);
    }
}
