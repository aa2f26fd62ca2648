package dev.earshot.server.session.intake;

import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes.Step;
import dev.earshot.server.engine.EngineException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stream's pipeline work on its decode lane unless the stream has closed, and turns what fails into the
 * stream's close: undecodable audio into 1008 DATA-0000, anything else the engine or the code throws into
 * 1011 NET-0000. Decode lane only.
 */
public final class LaneGuard {
    private static final Logger LOG = LoggerFactory.getLogger(LaneGuard.class);

    /** Pipeline work. */
    public interface Work {
        void run() throws UndecodableAudioException, EngineException;
    }

    /** A step of decoding that tells whether decoded audio still waits. */
    public interface Decoding {
        boolean run() throws UndecodableAudioException, EngineException;
    }

    private final String requestId;
    private final BooleanSupplier closed;
    private final Consumer<CloseReason> close;

    /**
     * @param closed whether the stream has closed: work is then skipped
     * @param close  closes the stream with a reason, its socket still usable
     */
    public LaneGuard(String requestId, BooleanSupplier closed, Consumer<CloseReason> close) {
        this.requestId = requestId;
        this.closed = closed;
        this.close = close;
    }

    /** Runs pipeline work unless the stream has closed, turning its failures into closes. */
    public void run(Work work) {
        decode(() -> {
            work.run();
            return false;
        });
    }

    /** @return whether decoded audio still waits; false once the stream has closed or the work failed */
    public boolean decode(Decoding work) {
        if (closed.getAsBoolean()) {
            return false;
        }
        try {
            return work.run();
        } catch (UndecodableAudioException e) {
            LOG.info("[{}] undecodable audio: {}", requestId, e.getMessage());
            close.accept(ErrorCode.UNDECODABLE_AUDIO.closeReason(e.getMessage()));
        } catch (EngineException | RuntimeException | Error e) {
            // An Error too (a native crash surfacing as JNA's "Invalid memory access"): the stream cannot go
            // on, and its client must hear why rather than wait for a timeout.
            LOG.warn("[{}] engine failure", requestId, e);
            close.accept(ErrorCode.NO_RESULT_IN_TIME.closeReason("the speech engine failed"));
        }
        return false;
    }

    /**
     * Decoding on the lane, a block of audio per step: {@code first}, then {@code more} until no decoded audio
     * waits, then {@code done}. Other streams take their turns between the steps.
     */
    public Step steps(Decoding first, Decoding more, Runnable done) {
        return new Step() {
            private boolean started;

            @Override
            public boolean run() {
                boolean waiting = decode(started ? more : first);
                started = true;
                if (waiting) {
                    return false;
                }
                done.run();
                return true;
            }
        };
    }
}
