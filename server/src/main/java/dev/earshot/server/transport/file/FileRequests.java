package dev.earshot.server.transport.file;

import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.PrerecordedResponse;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.session.events.RequestTrace;
import dev.earshot.server.session.file.FileAnswer;
import dev.earshot.server.transport.Admission;
import dev.earshot.server.transport.Refusal;
import dev.earshot.server.transport.RefusedException;
import dev.earshot.server.transport.file.FileRoute.FileAsk;
import dev.earshot.server.transport.file.FileRoute.FileOrder;
import dev.earshot.server.transport.file.FileRoute.Reply;
import dev.earshot.server.transport.guard.BodyReader;
import dev.earshot.server.transport.guard.HangUps;
import dev.earshot.server.transport.guard.UploadBudget;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole file transcribed at once, on any {@link FileRoute}: Deepgram's {@code POST /v1/listen} (live-api.md
 * §7) or OpenAI's {@code POST /v1/audio/transcriptions} (openai-api.md). The body may be any format the live
 * endpoint takes. Refusals follow the live ones: 401, 400, 408 for a body that arrives too slowly, 413 for one
 * over the limit, 429 past the number of files transcribed at once, whatever the route (or the memory uploads
 * may hold), 503 when draining.
 *
 * <p>The body is received before a transcription slot is taken, so a slow upload holds none; the slot is
 * free again before the answer goes out, so a client that waits for it is never refused. A client that hangs
 * up stops its file's work at once.
 */
public final class FileRequests {
    private static final Logger LOG = LoggerFactory.getLogger(FileRequests.class);
    /** Deepgram's own words for a body it cannot decode; ours follow in parentheses. */
    static final String UNDECODABLE = "Bad Request: failed to process audio: corrupt or unsupported data";
    /** Recorded for a body the client stopped sending: nginx's "client closed request", as no answer went out. */
    private static final int CLIENT_GONE = 499;

    private final Settings settings;
    private final SessionServices services;
    private final DecodeLanes lanes;
    private final Admission admission;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final UploadBudget uploads;
    private final HangUps hangUps;
    private final BodyReader.Limits bodyLimits;

    public FileRequests(Settings settings, SessionServices services, DecodeLanes lanes, Admission admission,
                        ExecutorService workers) {
        this.settings = settings;
        this.services = services;
        this.lanes = lanes;
        this.admission = admission;
        this.workers = workers;
        this.slots = new Semaphore(settings.maxFileRequests());
        // Room for every file being transcribed and one more arriving, whatever the number of uploads.
        this.uploads = new UploadBudget(settings.maxRequestBytes() * (settings.maxFileRequests() + 1L));
        this.hangUps = new HangUps(services.timers());
        this.bodyLimits = new BodyReader.Limits(settings.maxRequestBytes(), settings.uploadTimeout(),
                settings.uploadMinBytesPerSecond(), settings.uploadMaxTime());
    }

    /** Files being transcribed now (their bodies received, their answers not yet written). */
    public int inProgress() {
        return settings.maxFileRequests() - slots.availablePermits();
    }

    /** Refusals before the body is read are thrown, for the caller to write in the route's shape. */
    public void handle(Request request, Response response, Callback callback, RequestTrace trace, FileRoute route)
            throws RefusedException {
        if (admission.isDraining()) {
            throw new RefusedException(Refusal.draining());
        }
        FileAsk ask = route.ask(request);
        Exchange exchange = new Exchange(request, response, callback, trace, route);
        BodyReader.read(request, bodyLimits, uploads, services.timers(), outcome -> {
            if (outcome instanceof BodyReader.Received received) {
                start(exchange, ask, received);
            } else if (outcome instanceof BodyReader.Failed failed) {
                LOG.info("[{}] {}: the client went away while sending ({})", trace.requestId(), route.name(),
                        failed.cause().toString());
                trace.refused(CLIENT_GONE, "the client went away while sending: " + failed.cause());
                callback.failed(failed.cause());
            } else {
                answer(exchange, refusal(outcome));
            }
        });
    }

    /** The request being answered, on which route, and the thread working on it once there is one. */
    private record Exchange(Request request, Response response, Callback callback, RequestTrace trace,
                            FileRoute route, AtomicReference<Thread> worker) {
        Exchange(Request request, Response response, Callback callback, RequestTrace trace, FileRoute route) {
            this(request, response, callback, trace, route, new AtomicReference<>());
        }

        String requestId() {
            return trace.requestId();
        }

        synchronized void begin() {
            worker.set(Thread.currentThread());
        }

        /** The client is gone: the work on its file stops at once. */
        synchronized void abandon() {
            Thread working = worker.get();
            if (working != null) {
                working.interrupt();
            }
        }

        /** The work is over: a hang-up noticed from now on, or just before, must not reach the thread's next file. */
        synchronized void end() {
            worker.set(null);
            Thread.interrupted();
        }
    }

    /** The whole body is here: a transcription slot, or 429. */
    private void start(Exchange exchange, FileAsk ask, BodyReader.Received body) {
        if (!slots.tryAcquire()) {
            body.release();
            answer(exchange, new Refusal(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: this server transcribes "
                    + "at most " + settings.maxFileRequests() + " files at a time. Please try again later"));
            return;
        }
        // A client that hangs up stops the work at once: its slot and its bytes are free for the next file.
        exchange.request().addFailureListener(failure -> exchange.abandon());
        // A long file is quiet on the wire while it is transcribed: not a reason for Jetty to give up on it.
        exchange.request().addIdleTimeoutListener(timeout -> false);
        try {
            workers.execute(() -> {
                ConnectionMetaData connection = exchange.request().getConnectionMetaData();
                try (HangUps.Watch watch = hangUps.watch(connection.getLocalSocketAddress(),
                        connection.getRemoteSocketAddress(), exchange::abandon)) {
                    respond(exchange, ask, body);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            slots.release();
            body.release();
            answer(exchange, Refusal.draining());
        }
    }

    private void respond(Exchange exchange, FileAsk ask, BodyReader.Received body) {
        exchange.begin();
        Refusal refusal = null;
        FileOrder order = null;
        PrerecordedResponse transcribed = null;
        Reply reply = null;
        try {
            order = ask.read(body.body());
            if (order.audio().length == 0) {
                throw new UndecodableAudioException("the request has no audio");
            }
            transcribed = new FileAnswer(exchange.requestId(), order.options(), settings, services, lanes)
                    .transcribe(order.audio());
            reply = ask.reply(transcribed);
        } catch (RefusedException refused) {
            refusal = refused.refusal();
        } catch (UndecodableAudioException undecodable) {
            refusal = new Refusal(ErrorCode.BAD_REQUEST, UNDECODABLE + " (" + undecodable.getMessage() + ")", "file");
        } catch (InterruptedException e) {
            refusal = Refusal.draining(); // the client hung up, or the server is stopping
        } catch (EngineException | RuntimeException | Error bug) {
            // Input is named above; what lands here is the engine's fault or ours: logged with the id to find it.
            LOG.error("[{}] pre-recorded transcription failed", exchange.requestId(), bug);
            refusal = new Refusal(ErrorCode.INTERNAL_SERVER_ERROR, "The server failed on this file; quote request id "
                    + exchange.requestId() + " to its operator");
        } finally {
            exchange.end();
            // Free before the answer goes out: a client that sends its next file on hearing it is let in.
            slots.release();
            body.release();
        }
        if (refusal != null) {
            answer(exchange, refusal);
            return;
        }
        RequestTrace.Outcome outcome = FileAnswer.outcome(transcribed, order.audio(), order.options(),
                settings.keepTranscripts());
        write(exchange, reply, outcome);
    }

    /** A 200: recorded with the route's warnings added to the answer's, then written. */
    private static void write(Exchange exchange, Reply reply, RequestTrace.Outcome outcome) {
        List<String> warnings = new ArrayList<>(outcome.warnings());
        warnings.addAll(reply.warnings());
        exchange.trace().answered(new RequestTrace.Outcome(outcome.httpStatus(), outcome.message(),
                outcome.audioSeconds(), outcome.audioBytes(), outcome.encoding(), outcome.results(), outcome.finals(),
                warnings, outcome.transcript()));
        Response response = exchange.response();
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, reply.contentType());
        reply.headers().forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(reply.body().getBytes(StandardCharsets.UTF_8)), exchange.callback());
    }

    /** What a body that did not arrive whole is answered. */
    private Refusal refusal(BodyReader.Outcome outcome) {
        if (outcome instanceof BodyReader.TooSlow slow) {
            return new Refusal(ErrorCode.REQUEST_TIMEOUT, "Request timeout: " + slow.bytes() + " bytes of the body"
                    + " arrived in " + slow.elapsed().toSeconds() + " s; this server waits " + settings.uploadTimeout()
                    .toSeconds() + " s plus 1 s per " + settings.uploadMinBytesPerSecond() + " bytes received, at most "
                    + settings.uploadMaxTime().toSeconds() + " s in all");
        }
        if (outcome instanceof BodyReader.OverBudget) {
            return new Refusal(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: this server is receiving as much"
                    + " audio as it holds at once. Please try again later");
        }
        return tooLarge(settings.maxRequestBytes());
    }

    static Refusal tooLarge(long maxRequestBytes) {
        return new Refusal(ErrorCode.PAYLOAD_TOO_LARGE, "Payload too large: this server takes audio of at most "
                + maxRequestBytes + " bytes", "file");
    }

    private static void answer(Exchange exchange, Refusal refusal) {
        RequestTrace trace = exchange.trace();
        LOG.info("[{}] {} refused: {} {}", trace.requestId(), exchange.route().name(), refusal.code().httpStatus(),
                refusal.message());
        trace.refused(refusal.code().httpStatus(), refusal.message());
        exchange.route().refuse(refusal, exchange.response(), exchange.callback(), trace.requestId());
    }
}
