package dev.earshot.protocol.flux;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * When a Flux turn ends: {@code eot_threshold} (the end-of-turn confidence that ends it), {@code
 * eager_eot_threshold} (the one that sends {@code EagerEndOfTurn}; absent: no eager events) and {@code
 * eot_timeout_ms} (silence that ends it whatever the confidence). Ranges are Deepgram's; 1.0 for {@code
 * eot_threshold} leaves only the timeout.
 */
public record TurnThresholds(double eot, OptionalDouble eager, int timeoutMs) {
    public static final double DEFAULT_EOT = 0.7;
    public static final int DEFAULT_TIMEOUT_MS = 5000;
    public static final TurnThresholds DEFAULTS = new TurnThresholds(DEFAULT_EOT, OptionalDouble.empty(),
            DEFAULT_TIMEOUT_MS);

    /** A value out of its range, or an eager threshold above the end-of-turn one. */
    public static final class Invalid extends Exception {
        private static final long serialVersionUID = 1L;
        private final String parameter;

        Invalid(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        public String parameter() {
            return parameter;
        }
    }

    /** These thresholds with the ones given replaced, checked together. */
    public TurnThresholds with(OptionalDouble newEot, OptionalDouble newEager, OptionalInt newTimeoutMs)
            throws Invalid {
        double eotValue = newEot.orElse(eot);
        OptionalDouble eagerValue = newEager.isPresent() ? newEager : eager;
        int timeout = newTimeoutMs.orElse(timeoutMs);
        if (eotValue < 0.5 || eotValue > 1.0) {
            throw new Invalid("eot_threshold", "Invalid value '" + eotValue + "' for 'eot_threshold': expected "
                    + "0.5 to 1.0 (1.0 ends turns by eot_timeout_ms alone)");
        }
        if (eagerValue.isPresent() && (eagerValue.getAsDouble() < 0.3 || eagerValue.getAsDouble() > 0.9)) {
            throw new Invalid("eager_eot_threshold", "Invalid value '" + eagerValue.getAsDouble()
                    + "' for 'eager_eot_threshold': expected 0.3 to 0.9");
        }
        if (eagerValue.isPresent() && eagerValue.getAsDouble() > eotValue) {
            throw new Invalid("eager_eot_threshold", String.format(Locale.ROOT, "'eager_eot_threshold' (%s) must "
                    + "not be above 'eot_threshold' (%s)", eagerValue.getAsDouble(), eotValue));
        }
        if (timeout < 500 || timeout > 60_000) {
            throw new Invalid("eot_timeout_ms", "Invalid value '" + timeout + "' for 'eot_timeout_ms': expected "
                    + "500 to 60000 (milliseconds)");
        }
        return new TurnThresholds(eotValue, eagerValue, timeout);
    }
}
