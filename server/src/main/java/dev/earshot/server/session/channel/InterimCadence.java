package dev.earshot.server.session.channel;

/**
 * When a channel's interim Results go out: one whose text changed at most every {@code interval} of audio,
 * an unchanged one every {@code repeat} (Deepgram repeats the growing span about once a second), and the
 * first words after a final as soon as the engine has them. Times are seconds of audio. Decode lane only.
 */
final class InterimCadence {
    private final double intervalSec;
    private final double repeatSec;
    private double lastSec;
    /** The text of the last interim; null when the span has had none, so its first one goes out at once. */
    private String lastText;

    InterimCadence(double intervalSec, double repeatSec) {
        this.intervalSec = intervalSec;
        this.repeatSec = repeatSec;
    }

    /**
     * Whether to ask the engine for its partial now. While an utterance has no words yet the engine is asked
     * after every block (a partial is cheap): its first words go out as soon as it has them, not up to an
     * interval later.
     */
    boolean asksEngine(double nowSec, boolean utteranceOpen) {
        boolean firstWordsAwaited = (lastText == null || lastText.isEmpty()) && utteranceOpen;
        return firstWordsAwaited || due(nowSec);
    }

    /** Whether the usual interval has passed: even an interim without words goes out then. */
    boolean due(double nowSec) {
        return nowSec - lastSec >= intervalSec;
    }

    /** Whether an interim with this text goes out now: it is new, or it is time to repeat it. */
    boolean sends(String text, double nowSec) {
        return !text.equals(lastText) || nowSec - lastSec >= repeatSec;
    }

    void sent(String text, double nowSec) {
        lastText = text;
        lastSec = nowSec;
    }

    /** A final went out spanning audio to {@code endSec}: the next span's first words go out at once. */
    void finalSent(double endSec) {
        lastText = null;
        lastSec = endSec;
    }
}
