package dev.earshot.server.session;

import dev.earshot.protocol.ClientMessage;
import dev.earshot.protocol.ClientMessage.CloseStream;
import dev.earshot.protocol.ClientMessage.Configure;
import dev.earshot.protocol.ClientMessage.Finalize;
import dev.earshot.protocol.ClientMessage.KeepAlive;
import dev.earshot.protocol.ClientMessages;
import dev.earshot.protocol.CloseReason;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.SchemaException;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ErrorMessage;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.protocol.ServerMessage.Warning;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes.Lane;
import dev.earshot.server.session.intake.LaneGuard;
import dev.earshot.server.session.intake.QueuedAudio;
import dev.earshot.server.session.intake.QueuedFinalize;
import dev.earshot.server.session.timers.Timers;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One live stream on {@code /v1/listen}: the state machine between the socket and the pipeline.
 *
 * <p>Threading: the transport calls the {@code on...} methods from its I/O threads, one at a time; the
 * {@link Transcriber} runs on this session's decode lane; the watchdog on the timer thread. Shared state
 * is guarded by {@link #lock}. Every message to the client goes out under that lock, and the single
 * terminal transition ({@link #close}) sends Metadata and the Close frame exactly once, after which
 * nothing else is sent (Jetty's {@code WebSocketSessionState} follows the same discipline).
 */
public final class LiveSession implements StreamInput {
    private static final Logger LOG = LoggerFactory.getLogger(LiveSession.class);

    private final SessionContext context;
    private final Outbox outbox;
    private final Lane lane;
    private final Consumer<LiveSession> onClosed;
    /** Decode lane only (its gauges excepted). */
    private final Transcriber transcriber;
    private final SessionWatchdog watchdog;
    private final AudioBacklog backlog;
    private final long openedNanos;
    private final StreamJournal journal;
    /** Decode lane only: the pipeline's work, skipped once closed, its failures turned into closes. */
    private final LaneGuard guard;

    private final Object lock = new Object();
    /** Guarded by lock. */
    private SessionState state = SessionState.AWAITING_AUDIO;
    /** Guarded by lock. */
    private final AudioDigest sha256 = new AudioDigest();
    /**
     * The Finalize waiting for the lane with no audio queued behind it, which a later Finalize joins instead
     * of queueing its own flush; null when there is none. Audio detaches it: a Finalize sent after that
     * audio must flush it too, so it needs a flush of its own, queued after the audio.
     */
    private QueuedFinalize openFinalize;
    /** The last audio slice queued, which later frames join while the lane has not started on it. Guarded by lock. */
    private QueuedAudio queuedAudio;

    /**
     * @throws UndecodableAudioException when no decoder takes audio with these options (see
     *         {@link dev.earshot.server.audio.codec.AudioDecoders#forStream}); nothing is held then
     */
    public LiveSession(SessionContext context, SessionServices services, Lane lane, Outbox outbox,
                       Consumer<LiveSession> onClosed) throws UndecodableAudioException {
        this.context = context;
        this.outbox = outbox;
        this.lane = lane;
        Timers timers = services.timers();
        this.onClosed = onClosed;
        this.transcriber = new Transcriber(context, services.engine(), services.decoders(), this::emit,
                lane::progressed);
        this.openedNanos = timers.nanoTime();
        this.backlog = new AudioBacklog(timers, this::maxPendingBytes);
        this.watchdog = new SessionWatchdog(this, context.settings(), timers);
        this.journal = new StreamJournal(context, services.events(), timers);
        this.guard = new LaneGuard(context.requestId(), this::isClosed, reason -> close(reason, true));
    }

    @Override
    public String requestId() {
        return context.requestId();
    }

    /** The path the stream was opened on: {@code /v1/listen}, or {@code /v2/listen} under a Flux stream. */
    public String path() {
        return context.client().path();
    }

    /** The WebSocket is open: start the first-audio deadline. */
    @Override
    public void start() {
        LOG.info("[{}] stream opened: {}", context.requestId(), context.options().parameters());
        journal.opened();
        watchdog.start();
    }

    /**
     * A binary frame of audio (not empty: see {@link #onEndOfAudio}). However large the frame, all of it is
     * kept and transcribed: the session buffer decides when the next frame is read, not whether this one is.
     *
     * @return whether the transport may read the next frame now; if false, it waits for
     *         {@link Outbox#resumeReading()}
     */
    @Override
    public boolean onAudio(byte[] bytes) {
        synchronized (lock) {
            if (!state.acceptsInput()) {
                return true; // after CloseStream: ignored, as Deepgram does
            }
            state = SessionState.STREAMING;
            openFinalize = null; // this audio queues behind it
            sha256.update(bytes);
            journal.audio(bytes.length);
            if (!transcriber.takesPackets() && queuedAudio != null && queuedAudio.join(bytes)) {
                return backlog.accepted(bytes.length + QueuedAudio.FRAME_OVERHEAD_BYTES);
            }
            long charged = 0;
            int sliceBytes = transcriber.takesPackets() ? bytes.length : QueuedAudio.MAX_BYTES; // a packet stays whole
            for (int offset = 0; offset < bytes.length; offset += sliceBytes) {
                QueuedAudio slice = new QueuedAudio(bytes, offset, Math.min(sliceBytes, bytes.length - offset));
                charged += slice.charged();
                queuedAudio = slice;
                lane.submitSteps(guard.steps(() -> {
                    QueuedAudio.Bytes taken = slice.take();
                    return transcriber.onAudio(taken.bytes(), taken.offset(), taken.length());
                }, transcriber::decodeMore, () -> {
                    if (backlog.transcribed(slice.charged()) && !isClosed()) {
                        outbox.resumeReading();
                    }
                }));
            }
            return backlog.accepted(charged);
        }
    }

    /** The session buffer (live-api.md §6) in bytes: its duration at the audio's byte rate, within a byte cap. */
    private long maxPendingBytes() {
        long atRate = context.settings().sessionBuffer().toMillis() * transcriber.inputBytesPerSecond() / 1000;
        return Math.min(atRate, context.settings().sessionBufferMaxBytes());
    }

    /** A text frame: a control message, or garbage that earns a SchemaError reply. */
    @Override
    public void onText(String text) {
        // live-api.md §5: any text message is activity, even an empty one (ignored, §3) or garbage.
        backlog.clientActive();
        if (text.isEmpty()) {
            return;
        }
        ClientMessage message;
        try {
            message = ClientMessages.parse(text);
        } catch (SchemaException e) {
            emit(ErrorMessage.schemaError(e.getMessage(), text));
            return;
        }
        if (message instanceof KeepAlive) {
            return;
        }
        journal.note(message.getClass().getSimpleName());
        if (message instanceof CloseStream) {
            closeStream();
            return;
        }
        synchronized (lock) {
            if (!state.acceptsInput()) {
                return; // after CloseStream: ignored, as Deepgram does
            }
            if (message instanceof Finalize finalize) {
                // Finalizes with no audio between them merge into one: a flood of them costs one flush, not
                // a queue that grows faster than the engine can empty it.
                if (openFinalize != null) {
                    openFinalize.join(finalize.channel());
                    return;
                }
                QueuedFinalize queued = new QueuedFinalize(finalize.channel());
                openFinalize = queued;
                queuedAudio = null; // audio after the Finalize must not join audio before it
                lane.submit(() -> guard.run(() -> transcriber.finalizeChannels(take(queued))));
            } else if (message instanceof Configure configure) {
                // In stream order: what follows it must join neither audio nor a Finalize sent before it.
                openFinalize = null;
                queuedAudio = null;
                lane.submit(() -> guard.run(() -> transcriber.configure(configure)));
            }
        }
    }

    /** A control message of another protocol over this stream (Flux's): activity, noted in the request log. */
    public void onControl(String name) {
        backlog.clientActive();
        journal.note(name);
    }

    /** {@code CloseStream} by another name: transcribe what was sent, then close normally. */
    public void closeStream() {
        finish(ErrorCode.NORMAL_CLOSURE.closeReason(null));
    }

    /**
     * Final Results for everything heard so far on every channel, then {@code after}, on the lane; nothing if
     * the stream is closing. Flux's {@code ForceEndTurn}.
     */
    public void finalizeThen(Runnable after) {
        synchronized (lock) {
            if (!state.acceptsInput()) {
                return;
            }
            openFinalize = null;
            queuedAudio = null; // audio after this must not join audio before it
            lane.submit(() -> guard.run(() -> {
                transcriber.finalizeChannels(OptionalInt.empty());
                after.run();
            }));
        }
    }

    /** On the lane: the queued Finalize's channel(s), closed to later Finalizes from now on. */
    private OptionalInt take(QueuedFinalize queued) {
        synchronized (lock) {
            if (openFinalize == queued) {
                openFinalize = null;
            }
            return queued.channel();
        }
    }

    /** An empty binary frame: the legacy end-of-stream signal, handled exactly like CloseStream. */
    @Override
    public void onEndOfAudio() {
        journal.note("empty binary frame: end of audio");
        finish(ErrorCode.NORMAL_CLOSURE.closeReason(null));
    }

    /** A WebSocket Ping: activity for the idle deadline once audio has started. */
    @Override
    public void onPing() {
        backlog.clientActive();
    }

    /** A frame over its size limit (1009 DATA-0001); {@code frameBytes} is what was read when it passed it. */
    @Override
    public void onFrameTooLarge(long frameBytes, long limitBytes, String kind) {
        close(ErrorCode.FRAME_TOO_LARGE.closeReason(kind + " frame of at least " + frameBytes
                + " bytes exceeds the maximum of " + limitBytes + " bytes"), true);
    }

    /**
     * The stream never opened (its upgrade was refused or failed after this session was built): free what it
     * holds (a codec's native decoder) and give back its place, sending nothing.
     */
    @Override
    public void discard() {
        synchronized (lock) {
            if (state == SessionState.CLOSED) {
                return;
            }
            state = SessionState.CLOSED;
        }
        lane.submit(transcriber::close);
        onClosed.accept(this);
    }

    /** The connection is gone (the client closed it or vanished): free everything, send nothing. */
    @Override
    public void onTransportClosed(int code, String reason) {
        close(null, false);
    }

    /** Shutdown after the drain period: finish buffered audio, then Metadata and 1001. */
    public void shutdown() {
        finish(ErrorCode.SHUTDOWN.closeReason(null));
    }

    /**
     * Ends the stream once what it accepted is transcribed and flushed: the finals of its last words, Metadata,
     * then the close. CloseStream, shutdown, and the idle rule too: a client that went quiet still gets the
     * words of the audio it sent (nothing accepted is dropped by a timeout).
     */
    void finish(CloseReason reason) {
        synchronized (lock) {
            if (!state.acceptsInput()) {
                return;
            }
            state = SessionState.FINISHING;
        }
        // The decoder's tail, then the last finals, Metadata and the close.
        lane.submitSteps(guard.steps(transcriber::finish, transcriber::decodeMore, () -> {
            guard.run(transcriber::endChannels);
            close(reason, true);
        }));
    }

    /** Sends a message unless the session has closed. */
    private void emit(ServerMessage message) {
        synchronized (lock) {
            if (state != SessionState.CLOSED) {
                journal.sent(message);
                outbox.send(message);
            }
        }
    }

    boolean isClosed() {
        synchronized (lock) {
            return state == SessionState.CLOSED;
        }
    }

    SessionState state() {
        synchronized (lock) {
            return state;
        }
    }

    long openedNanos() {
        return openedNanos;
    }

    /** See {@link AudioBacklog#quietSinceNanos()}. */
    OptionalLong quietSinceNanos() {
        return backlog.quietSinceNanos();
    }

    Lane lane() {
        return lane;
    }

    /**
     * The one terminal transition: Metadata then the Close frame when the socket is usable, then the
     * recognisers are freed on the lane, after any task running there. Later calls do nothing.
     *
     * @param reason null when the connection is already gone
     */
    void close(CloseReason reason, boolean socketUsable) {
        synchronized (lock) {
            if (state == SessionState.CLOSED) {
                return;
            }
            state = SessionState.CLOSED;
            // The place is free before the client can hear of the close: one that reconnects at once is let in.
            onClosed.accept(this);
            MetadataMessage metadata = metadata();
            // Counted before the client can hear of the close, as the place is freed: a scrape or a look-up
            // of the request id right after the close finds the stream ended.
            journal.closed(socketUsable ? reason : null, metadata.duration(), transcriber.container(),
                    metadata.warnings());
            if (socketUsable && reason != null) {
                outbox.send(metadata);
                outbox.close(reason);
            }
        }
        watchdog.stop();
        lane.submit(transcriber::close);
        LOG.info("[{}] stream closed: {}", context.requestId(), reason == null ? "by the client" : reason);
    }

    /** Guarded by lock: reads the digest. */
    private MetadataMessage metadata() {
        List<Warning> warnings = new ArrayList<>(context.warnings());
        transcriber.noAudioWarning().ifPresent(warnings::add);
        return new MetadataMessage(context.requestId(), sha256.hex(),
                context.created(), transcriber.decodedSeconds(), transcriber.decodedChannels(),
                context.model().uuid(), context.model().info(), warnings, context.options().extra());
    }
}
