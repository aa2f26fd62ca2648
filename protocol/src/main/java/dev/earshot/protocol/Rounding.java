package dev.earshot.protocol;

/** Rounds numbers for the wire: audio times to the millisecond, confidences to four places. */
final class Rounding {
    private Rounding() {
    }

    static double seconds(double seconds) {
        return Math.round(seconds * 1000.0) / 1000.0;
    }

    static double confidence(double confidence) {
        return Math.round(confidence * 10_000.0) / 10_000.0;
    }
}
