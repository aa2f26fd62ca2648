package dev.earshot.server.session.turns;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.SchemaException;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.SpeechStartedMessage;
import dev.earshot.protocol.flux.FluxClientMessage;
import dev.earshot.protocol.flux.FluxClientMessage.CloseStream;
import dev.earshot.protocol.flux.FluxClientMessage.Configure;
import dev.earshot.protocol.flux.FluxClientMessage.ForceEndTurn;
import dev.earshot.protocol.flux.FluxClientMessages;
import dev.earshot.protocol.flux.FluxOptions;
import dev.earshot.protocol.flux.FluxServerMessage.Word;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes.Lane;
import dev.earshot.server.session.LiveSession;
import dev.earshot.server.session.Outbox;
import dev.earshot.server.session.SessionContext;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.session.StreamInput;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * One Flux stream on {@code /v2/listen}: a {@link LiveSession} transcribes (with the v1 options
 * {@link FluxOptions#listenParameters()} gives it), and its Results become turns ({@link TurnTracker}). The
 * failure contract is the live session's: the same close codes, deadlines and buffers; Metadata is not sent.
 */
public final class FluxSession implements StreamInput {
    /**
     * The pause that ends speech under a turn when eager ends are asked for: they come at the pause, about 50 ms
     * sooner than at v1's 200 ms, for about a point of WER (docs/performance.md §4i); other streams keep v1's.
     */
    static final Duration EAGER_MIN_PAUSE = Duration.ofMillis(150);

    private final LiveSession live;
    private final TurnTracker turns;

    public FluxSession(SessionContext context, FluxOptions flux, SessionServices services, Lane lane,
                       TurnOutbox outbox, Consumer<LiveSession> onClosed) throws UndecodableAudioException {
        this.turns = new TurnTracker(context.requestId(), flux.thresholds(), flux.keyterms(), outbox);
        this.live = new LiveSession(context, services, lane, new ResultsToTurns(outbox), onClosed);
    }

    /**
     * The server's settings as a Flux stream's pipeline uses them: an interim every engine block (the clock of
     * its turns), and {@link #EAGER_MIN_PAUSE} when the stream opened with an eager threshold.
     */
    public static Settings settingsFor(Settings settings, FluxOptions flux) {
        return settings.toBuilder().interimInterval(settings.engineBlock()).interimRepeat(settings.engineBlock())
                .minPause(flux.thresholds().eager().isPresent() ? EAGER_MIN_PAUSE : settings.minPause()).build();
    }

    /** The live session under the turns: what admission counts. */
    public LiveSession live() {
        return live;
    }

    @Override
    public String requestId() {
        return live.requestId();
    }

    @Override
    public void start() {
        turns.connected();
        live.start();
    }

    @Override
    public boolean onAudio(byte[] bytes) {
        return live.onAudio(bytes);
    }

    @Override
    public void onEndOfAudio() {
        turns.closing();
        live.onEndOfAudio();
    }

    @Override
    public void onText(String text) {
        FluxClientMessage message;
        try {
            message = FluxClientMessages.parse(text);
        } catch (SchemaException e) {
            live.onControl("unparsable text message");
            turns.error("UNPARSABLE_CLIENT_MESSAGE", e.getMessage());
            return;
        }
        live.onControl(message.getClass().getSimpleName());
        if (message instanceof CloseStream) {
            turns.closing();
            live.closeStream();
        } else if (message instanceof ForceEndTurn) {
            live.finalizeThen(turns::forceEnd);
        } else if (message instanceof Configure configure) {
            turns.configure(configure);
        }
    }

    @Override
    public void onPing() {
        live.onPing();
    }

    @Override
    public void onFrameTooLarge(long frameBytes, long limitBytes, String kind) {
        live.onFrameTooLarge(frameBytes, limitBytes, kind);
    }

    @Override
    public void onTransportClosed(int code, String reason) {
        live.onTransportClosed(code, reason);
    }

    @Override
    public void discard() {
        live.discard();
    }

    /** The live session's messages, as turn events; its Metadata has no place in Flux. */
    private final class ResultsToTurns implements Outbox {
        private final TurnOutbox outbox;

        ResultsToTurns(TurnOutbox outbox) {
            this.outbox = outbox;
        }

        @Override
        public void send(ServerMessage message) {
            if (message instanceof ResultsMessage results) {
                List<Word> words = results.alternative().words().stream()
                        .map(w -> new Word(w.word(), w.confidence(), w.start(), w.end())).toList();
                double end = results.start() + results.duration();
                if (results.isFinal()) {
                    turns.finalWords(words, results.speechFinal(), end);
                } else {
                    turns.interim(words, end);
                }
            } else if (message instanceof SpeechStartedMessage started) {
                turns.speechStarted(started.timestamp());
            } else if (message instanceof ErrorMessage error) {
                turns.error("INVALID_REQUEST", error.description());
            }
        }

        @Override
        public void close(CloseReason reason) {
            turns.close(reason);
        }

        @Override
        public void resumeReading() {
            outbox.resumeReading();
        }
    }
}
