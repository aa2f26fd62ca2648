package dev.earshot.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.PrerecordedResponse;
import dev.earshot.protocol.PrerecordedResponses;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.session.events.RequestTrace;
import dev.earshot.server.session.file.FileAnswer;
import dev.earshot.server.transport.guard.BodyReader;
import dev.earshot.server.transport.guard.HangUps;
import dev.earshot.server.transport.guard.UploadBudget;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
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
 * {@code POST /v1/listen}: a whole file transcribed at once (live-api.md §7). The body is the audio in any
 * format the live endpoint takes, whatever its Content-Type, or {@code {"url": ...}} with
 * {@code Content-Type: application/json} when URL fetching is enabled. Refusals follow the live ones: 401,
 * 400, 408 for a body that arrives too slowly, 413 for one over the limit, 429 past the number of files
 * transcribed at once (or the memory uploads may hold), 503 when draining.
 *
 * <p>The body is received before a transcription slot is taken, so a slow upload holds none; the slot is
 * free again before the answer goes out, so a client that waits for it is never refused. A client that hangs
 * up stops its file's work at once.
 */
final class FileRequests {
    private static final Logger LOG = LoggerFactory.getLogger(FileRequests.class);
    /** Deepgram's own words for a body it cannot decode; ours follow in parentheses. */
    static final String UNDECODABLE = "Bad Request: failed to process audio: corrupt or unsupported data";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Recorded for a body the client stopped sending: nginx's "client closed request", as no answer went out. */
    private static final int CLIENT_GONE = 499;

    private final Settings settings;
    private final RequestChecks checks;
    private final SessionServices services;
    private final DecodeLanes lanes;
    private final Admission admission;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final UploadBudget uploads;
    private final HangUps hangUps;
    private final BodyReader.Limits bodyLimits;
    private final Optional<UrlFetcher> urls;

    FileRequests(Settings settings, RequestChecks checks, SessionServices services, DecodeLanes lanes,
                 Admission admission, ExecutorService workers) {
        this.settings = settings;
        this.checks = checks;
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
        BodyReader.Limits fetchLimits = new BodyReader.Limits(settings.maxRequestBytes(), settings.uploadTimeout(),
                settings.uploadMinBytesPerSecond(), settings.urlFetchTimeout());
        this.urls = settings.urlFetch() ? Optional.of(new UrlFetcher(fetchLimits, settings.urlFetchAllowPrivate(),
                services.timers())) : Optional.empty();
    }

    /** Files being transcribed now (their bodies received, their answers not yet written). */
    int inProgress() {
        return settings.maxFileRequests() - slots.availablePermits();
    }

    void handle(Request request, Response response, Callback callback, RequestTrace trace) throws RefusedException {
        String requestId = trace.requestId();
        if (admission.isDraining()) {
            throw new RefusedException(Refusal.draining());
        }
        RequestChecks.Passed passed = checks.check(request, ListenOptionsParser.Mode.PRERECORDED);
        boolean json = isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        BodyReader.read(request, bodyLimits, uploads, services.timers(), outcome -> {
            if (outcome instanceof BodyReader.Received received) {
                start(new Exchange(request, response, callback, trace), passed.options(), json, received);
            } else if (outcome instanceof BodyReader.Failed failed) {
                LOG.info("[{}] POST /v1/listen: the client went away while sending ({})", requestId, failed.cause().toString());
                trace.refused(CLIENT_GONE, "the client went away while sending: " + failed.cause());
                callback.failed(failed.cause());
            } else {
                answer(refusal(outcome), response, callback, trace);
            }
        });
    }

    /** The request being answered, and the thread working on it once there is one. */
    private record Exchange(Request request, Response response, Callback callback, RequestTrace trace,
                            AtomicReference<Thread> worker) {
        Exchange(Request request, Response response, Callback callback, RequestTrace trace) {
            this(request, response, callback, trace, new AtomicReference<>());
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
    private void start(Exchange exchange, ListenOptions options, boolean json, BodyReader.Received body) {
        if (!slots.tryAcquire()) {
            body.release();
            answer(new Refusal(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: this server transcribes at most "
                    + settings.maxFileRequests() + " files at a time. Please try again later"), exchange.response(),
                    exchange.callback(), exchange.trace());
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
                    respond(exchange, options, json, body);
                }
            });
        } catch (RejectedExecutionException shuttingDown) {
            slots.release();
            body.release();
            answer(Refusal.draining(), exchange.response(), exchange.callback(), exchange.trace());
        }
    }

    private void respond(Exchange exchange, ListenOptions options, boolean json, BodyReader.Received body) {
        exchange.begin();
        Refusal refusal = null;
        String answer = null;
        PrerecordedResponse transcribed = null;
        byte[] audio = new byte[0];
        try {
            audio = json ? fetch(body.body()) : body.body();
            if (audio.length == 0) {
                throw new UndecodableAudioException("the request has no audio");
            }
            transcribed = new FileAnswer(exchange.requestId(), options, settings, services, lanes).transcribe(audio);
            answer = PrerecordedResponses.toJson(transcribed);
        } catch (RefusedException refused) {
            refusal = refused.refusal();
        } catch (UndecodableAudioException undecodable) {
            refusal = new Refusal(ErrorCode.BAD_REQUEST, UNDECODABLE + " (" + undecodable.getMessage() + ")");
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
            answer(refusal, exchange.response(), exchange.callback(), exchange.trace());
            return;
        }
        exchange.trace().answered(FileAnswer.outcome(transcribed, audio, options, settings.keepTranscripts()));
        exchange.response().setStatus(200);
        exchange.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        exchange.response().write(true, ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)), exchange.callback());
    }

    private byte[] fetch(byte[] body) throws RefusedException, InterruptedException {
        if (urls.isEmpty()) {
            throw new RefusedException(new Refusal(ErrorCode.BAD_REQUEST, "Bad Request: URL fetching is disabled on "
                    + "this server; send the audio in the request body"));
        }
        String url;
        try {
            JsonNode root = JSON.readTree(body);
            url = root == null ? null : root.path("url").asText(null);
        } catch (IOException e) {
            url = null;
        }
        if (url == null || url.isBlank()) {
            throw new RefusedException(new Refusal(ErrorCode.BAD_REQUEST,
                    "Bad Request: a JSON body must be {\"url\": \"https://...\"}"));
        }
        try {
            return urls.get().fetch(url);
        } catch (UrlFetcher.FetchFailed failed) {
            throw new RefusedException(failed.tooLarge() ? tooLarge()
                    : new Refusal(ErrorCode.BAD_REQUEST, "Bad Request: " + failed.getMessage()));
        }
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
        return tooLarge();
    }

    private Refusal tooLarge() {
        return new Refusal(ErrorCode.PAYLOAD_TOO_LARGE, "Payload too large: this server takes audio of at most "
                + settings.maxRequestBytes() + " bytes");
    }

    private static void answer(Refusal refusal, Response response, Callback callback, RequestTrace trace) {
        LOG.info("[{}] POST /v1/listen refused: {} {}", trace.requestId(), refusal.code().httpStatus(),
                refusal.message());
        trace.refused(refusal.code().httpStatus(), refusal.message());
        refusal.write(response, callback, trace.requestId());
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }
}
