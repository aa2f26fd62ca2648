package dev.earshot.server.session.channel;

import dev.earshot.server.transcript.RecognizedWord;
import java.util.List;

/**
 * When a channel's UtteranceEnd goes out ({@code utterance_end_ms}): once no word has been heard for the
 * gap after the last one, reporting where the last final word ended. Times are seconds of audio. Decode
 * lane only.
 */
final class UtteranceEndTracker {
    /**
     * How long UtteranceEnd waits for the words of speech that resumed inside its gap. The engine names a
     * first word 0.2-1 s into speech (docs/performance.md 3a); speech whose words come within the gap means
     * there was no gap. Sounds the voice tracker took for speech that never become words (a cough, noise)
     * delay UtteranceEnd by this much at most.
     */
    static final double RESUMED_SPEECH_WAIT_SEC = 2.0;

    /** The gap in words that ends an utterance, in seconds; negative when the client asked for none. */
    private final double gapSec;
    /** The end of the last word heard, interim ones included (their times are estimates, never too early). */
    private double heardWordEndSec = -1;
    /** The end of the last final word: what UtteranceEnd reports. */
    private double finalWordEndSec = -1;
    private boolean sent = true;
    /** The onset of speech heard since the last word ended whose words have not come yet; -1 when none. */
    private double resumedSpeechSec = -1;
    /** Whether interim words were heard since the last final: UtteranceEnd finalizes them first. */
    private boolean interimWordsPending;

    /** @param gapSec the client's {@code utterance_end_ms} in seconds; negative: no UtteranceEnd */
    UtteranceEndTracker(double gapSec) {
        this.gapSec = gapSec;
    }

    void speechStarted(double onsetSec) {
        if (resumedSpeechSec < 0 && onsetSec > heardWordEndSec) {
            resumedSpeechSec = onsetSec;
        }
    }

    void heard(List<RecognizedWord> words, boolean isFinal) {
        if (isFinal) {
            interimWordsPending = false; // a final decodes everything fed so far
        }
        if (words.isEmpty()) {
            return;
        }
        double end = words.get(words.size() - 1).endSec();
        if (end > heardWordEndSec) {
            heardWordEndSec = end;
            sent = false;
            resumedSpeechSec = -1; // the words came
        }
        if (isFinal) {
            finalWordEndSec = Math.max(finalWordEndSec, end);
        } else {
            interimWordsPending = true;
        }
    }

    /** Whether UtteranceEnd is due: the gap has passed since the last word, and no words are on their way. */
    boolean due(double nowSec) {
        if (gapSec < 0 || sent || nowSec - heardWordEndSec < gapSec) {
            return false;
        }
        return resumedSpeechSec < 0 || resumedSpeechSec >= heardWordEndSec + gapSec
                || nowSec - resumedSpeechSec >= RESUMED_SPEECH_WAIT_SEC;
    }

    /** Whether interim words were heard that no final has given yet: they are finalized before UtteranceEnd. */
    boolean interimWordsPending() {
        return interimWordsPending;
    }

    /**
     * Marks UtteranceEnd sent until new words come.
     *
     * @return where the last final word ended, or -1 if there was none (nothing to send)
     */
    double send() {
        sent = true;
        return finalWordEndSec;
    }
}
