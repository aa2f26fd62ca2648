package dev.earshot.server.session.turns;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.flux.FluxClientMessage.Configure;
import dev.earshot.protocol.flux.FluxServerMessage;
import dev.earshot.protocol.flux.FluxServerMessage.ConfigureFailure;
import dev.earshot.protocol.flux.FluxServerMessage.ConfigureSuccess;
import dev.earshot.protocol.flux.FluxServerMessage.Connected;
import dev.earshot.protocol.flux.FluxServerMessage.Trigger;
import dev.earshot.protocol.flux.FluxServerMessage.TurnEvent;
import dev.earshot.protocol.flux.FluxServerMessage.TurnInfo;
import dev.earshot.protocol.flux.FluxServerMessage.Word;
import dev.earshot.protocol.flux.TurnThresholds;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A Flux stream's turns, from what the v1 pipeline under it says: interim words (every engine block, the
 * clock), finals, the pauses its endpointing hears ({@code speech_final}) and speech onsets. It sends
 * {@code StartOfTurn} at a turn's first words, an {@code Update} every {@link #UPDATE_EVERY_SEC} of audio,
 * {@code EagerEndOfTurn} and {@code EndOfTurn} as {@link EndOfTurnConfidence} passes the thresholds after a
 * pause, and {@code TurnResumed} when speech comes back after an eager end. Eager and final ends wait for
 * the pause's final words, so an {@code EndOfTurn} with no {@code TurnResumed} before it repeats the eager
 * transcript. Every message gets the next {@code sequence_id}. Thread-safe.
 */
final class TurnTracker {
    static final double UPDATE_EVERY_SEC = 0.25;

    private final String requestId;
    private final TurnOutbox outbox;
    private final List<String> keyterms;
    private TurnThresholds thresholds;
    private long sequence;
    /** After CloseStream: Updates for what was sent, and no turn ends (as Deepgram does). */
    private boolean closing;
    private boolean closed;

    private int turnIndex;
    private boolean open;
    private boolean eagerSent;
    private final List<Word> finals = new ArrayList<>();
    private List<Word> interim = List.of();
    private double windowStartSec;
    private double nowSec;
    private double lastInfoSec;
    /** Where the turn's last word ended; -1 before it has one. */
    private double lastWordEndSec = -1;
    /** Where the pipeline heard a pause after the last word; -1 while it has not. */
    private double pauseHeardSec = -1;

    TurnTracker(String requestId, TurnThresholds thresholds, List<String> keyterms, TurnOutbox outbox) {
        this.requestId = requestId;
        this.thresholds = thresholds;
        this.keyterms = List.copyOf(keyterms);
        this.outbox = outbox;
    }

    synchronized void connected() {
        send(new Connected(requestId));
    }

    /** The pipeline's current guess at the words since the last final, at audio time {@code atSec}. */
    synchronized void interim(List<Word> words, double atSec) {
        nowSec = Math.max(nowSec, atSec);
        interim = List.copyOf(words);
        if (!words.isEmpty()) {
            speechHeard(words.get(0).start(), words.get(words.size() - 1).end());
        }
        tick(false);
    }

    /** Final words up to {@code atSec}; {@code pause}: the pipeline's endpointing heard the speech end there. */
    synchronized void finalWords(List<Word> words, boolean pause, double atSec) {
        nowSec = Math.max(nowSec, atSec);
        interim = List.of();
        if (!words.isEmpty()) {
            speechHeard(words.get(0).start(), words.get(words.size() - 1).end());
            finals.addAll(words);
            lastWordEndSec = words.get(words.size() - 1).end(); // aligned: an interim's word times are estimates
        }
        if (pause && open) {
            pauseHeardSec = nowSec;
        }
        tick(closing);
    }

    /** Voice activity started at {@code onsetSec}: a pause heard before it did not end the turn. */
    synchronized void speechStarted(double onsetSec) {
        if (open && pauseHeardSec >= 0 && onsetSec >= pauseHeardSec - 1e-9) {
            pauseHeardSec = -1;
            resumeAfterEager();
        }
    }

    private void speechHeard(double startSec, double endSec) {
        if (!open) {
            open = true;
            windowStartSec = Math.min(startSec, nowSec);
            info(TurnEvent.StartOfTurn, 0, null, allWords());
        }
        resumeAfterEager();
        lastWordEndSec = Math.max(lastWordEndSec, endSec);
        pauseHeardSec = -1;
    }

    private void resumeAfterEager() {
        if (eagerSent) {
            eagerSent = false;
            info(TurnEvent.TurnResumed, confidence(), null, allWords());
        }
    }

    private void tick(boolean updateNow) {
        if (!open || closed) {
            return;
        }
        double confidence = confidence();
        if (!closing && pauseHeardSec >= 0) {
            if (thresholds.eager().isPresent() && !eagerSent && !finals.isEmpty()
                    && confidence >= thresholds.eager().getAsDouble()) {
                eagerSent = true;
                info(TurnEvent.EagerEndOfTurn, confidence, null, finals);
            }
            boolean model = thresholds.eot() < 1.0 && confidence >= thresholds.eot();
            if (model || (nowSec - lastWordEndSec) * 1000 >= thresholds.timeoutMs()) {
                endTurn(model ? Trigger.MODEL : Trigger.TIMEOUT, confidence);
                return;
            }
        }
        if (updateNow || nowSec - lastInfoSec >= UPDATE_EVERY_SEC - 1e-6) {
            info(TurnEvent.Update, confidence, null, allWords());
        }
    }

    /** {@code ForceEndTurn}, once the pipeline has made every word heard final: ends the turn, open or not. */
    synchronized void forceEnd() {
        if (!closing && !closed) {
            endTurn(Trigger.MANUAL, confidence());
        }
    }

    private void endTurn(Trigger trigger, double confidence) {
        info(TurnEvent.EndOfTurn, confidence, trigger, finals);
        turnIndex++;
        open = false;
        eagerSent = false;
        finals.clear();
        interim = List.of();
        windowStartSec = nowSec;
        lastWordEndSec = -1;
        pauseHeardSec = -1;
    }

    private double confidence() {
        if (lastWordEndSec < 0) {
            return 0;
        }
        List<Word> words = allWords();
        String last = words.isEmpty() ? "" : words.get(words.size() - 1).word().toLowerCase(Locale.ROOT);
        return EndOfTurnConfidence.of(nowSec - lastWordEndSec, pauseHeardSec < 0 ? -1 : nowSec - pauseHeardSec, last);
    }

    private List<Word> allWords() {
        return interim.isEmpty() ? finals : Stream.concat(finals.stream(), interim.stream()).toList();
    }

    private void info(TurnEvent event, double confidence, Trigger trigger, List<Word> words) {
        String transcript = words.stream().map(Word::word).collect(Collectors.joining(" "));
        send(new TurnInfo(requestId, event, turnIndex, windowStartSec, nowSec, transcript, words, confidence, trigger));
        lastInfoSec = nowSec;
    }

    /** A Configure: applied whole, or refused whole, with exactly one reply. */
    synchronized void configure(Configure configure) {
        if (configure.keyterms().filter(terms -> !terms.isEmpty()).isPresent()) {
            refuse("KeytermsNotSupported", "This server's engine cannot boost key terms; nothing was changed");
        } else if (configure.languageHints().filter(hints -> !hints.isEmpty()).isPresent()) {
            refuse("LanguageHintsNotSupported", "Language hints need flux-general-multi; this server serves "
                    + "flux-general-en. Nothing was changed");
        } else if (configure.numerals().isPresent()) {
            refuse("NumeralsNotSupported", "numerals cannot change mid-stream on this server: set it in the "
                    + "query. Nothing was changed");
        } else {
            try {
                thresholds = thresholds.with(configure.eotThreshold(), configure.eagerEotThreshold(),
                        configure.eotTimeoutMs());
                send(new ConfigureSuccess(requestId, thresholds, keyterms));
            } catch (TurnThresholds.Invalid invalid) {
                refuse("InvalidThresholds", invalid.getMessage() + "; nothing was changed");
            }
        }
    }

    private void refuse(String code, String description) {
        send(new ConfigureFailure(requestId, code, description));
    }

    /** A message the server could not act on; the stream goes on. */
    synchronized void error(String code, String description) {
        send(new FluxServerMessage.Error(code, description));
    }

    /** CloseStream: what was sent is still transcribed and reported in Updates; no turn ends. */
    synchronized void closing() {
        closing = true;
    }

    synchronized void close(CloseReason reason) {
        if (!closed) {
            closed = true;
            outbox.close(reason);
        }
    }

    private void send(FluxServerMessage message) {
        if (!closed) {
            outbox.send(message, sequence++);
        }
    }
}
