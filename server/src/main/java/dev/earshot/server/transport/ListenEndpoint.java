package dev.earshot.server.transport;

import dev.earshot.protocol.ErrorBody;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.server.Settings;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.session.events.RequestEvents;
import dev.earshot.server.session.events.RequestRecord;
import dev.earshot.server.session.events.RequestTrace;
import dev.earshot.server.transport.file.FileRequests;
import dev.earshot.server.transport.file.FileRoute;
import dev.earshot.server.transport.file.ListenFiles;
import dev.earshot.server.transport.file.OpenAiTranscriptions;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.EofException;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP request the server receives: {@code GET /v1/listen} with a WebSocket upgrade is a live stream
 * ({@link LiveUpgrade}), {@code POST /v1/listen} a pre-recorded file ({@link FileRequests} on
 * {@link ListenFiles}), and so is OpenAI's {@code POST /v1/audio/transcriptions} ({@link OpenAiTranscriptions},
 * refused in OpenAI's shape); anything else is refused. Every answer, {@code 101} included, carries a fresh
 * {@code dg-request-id}, and so do the errors Jetty answers itself ({@link ErrorPages}).
 */
public final class ListenEndpoint extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ListenEndpoint.class);
    public static final String PATH = "/v1/listen";
    /** Flux: turn-based live transcription. */
    public static final String FLUX_PATH = "/v2/listen";

    private final LiveUpgrade live;
    private final FileRequests files;
    private final FileRoute listenFiles;
    private final FileRoute openAiFiles;
    private final RequestEvents events;

    public ListenEndpoint(Settings settings, SessionServices services, DecodeLanes lanes, Admission admission,
                          ServerWebSocketContainer container, ExecutorService fileWorkers) {
        super(InvocationType.BLOCKING);
        RequestChecks checks = new RequestChecks(settings);
        this.events = services.events();
        this.live = new LiveUpgrade(settings, checks, services, lanes, admission, container);
        this.files = new FileRequests(settings, services, lanes, admission, fileWorkers);
        this.listenFiles = new ListenFiles(settings, checks, services.timers());
        this.openAiFiles = new OpenAiTranscriptions(checks);
    }

    /** Pre-recorded files being transcribed now. */
    public int filesInProgress() {
        return files.inProgress();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(Refusal.REQUEST_ID_HEADER, requestId);
        String path = Request.getPathInContext(request);
        RequestTrace trace = new RequestTrace(requestId, kind(request, path), client(request, path), events);
        try {
            dispatch(request, response, callback, trace, path);
        } catch (RefusedException refused) {
            Refusal refusal = refused.refusal();
            LOG.info("[{}] {} {} refused: {} {}", requestId, request.getMethod(), path, refusal.code().httpStatus(),
                    refusal.message());
            trace.refused(refusal.code().httpStatus(), refusal.message());
            refuse(path, refusal, response, callback, requestId);
        } catch (RuntimeException bug) {
            // Jetty would answer with its HTML error page and drop our headers: the client still gets the
            // contract's shape (JSON body, dg-error, dg-request-id) to quote in a bug report.
            LOG.error("[{}] {} {} failed", requestId, request.getMethod(), path, bug);
            Refusal failed = new Refusal(ErrorCode.INTERNAL_SERVER_ERROR, "The server failed to process the request");
            trace.refused(failed.code().httpStatus(), failed.message());
            refuse(path, failed, response, callback, requestId);
        }
        return true;
    }

    /** Routes by path and method; a refusal is thrown, for {@link #handle} to write in the route's shape. */
    private void dispatch(Request request, Response response, Callback callback, RequestTrace trace, String path)
            throws RefusedException {
        if (OpenAiTranscriptions.PATH.equals(path)) {
            if (!HttpMethod.POST.is(request.getMethod())) {
                throw new RefusedException(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "Method "
                        + request.getMethod() + " is not allowed on " + path + ": POST a multipart form"));
            }
            files.handle(request, response, callback, trace, openAiFiles);
        } else if (FLUX_PATH.equals(path)) {
            flux(request, response, callback, trace);
        } else if (!PATH.equals(path)) {
            throw new RefusedException(new Refusal(ErrorCode.NOT_FOUND, "No such endpoint: " + path
                    + " (transcription is GET " + PATH + " with a WebSocket upgrade, POST " + PATH + ", GET "
                    + FLUX_PATH + " (Flux) or POST " + OpenAiTranscriptions.PATH + ")"));
        } else if (HttpMethod.POST.is(request.getMethod())) {
            files.handle(request, response, callback, trace, listenFiles);
        } else if (!HttpMethod.GET.is(request.getMethod())) {
            throw new RefusedException(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "Method " + request.getMethod()
                    + " is not allowed on " + PATH + ": open a WebSocket with GET, or POST a file"));
        } else if (!isWebSocketUpgrade(request)) {
            throw new RefusedException(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "GET " + PATH
                    + " must be a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)"));
        } else {
            live.handle(request, response, callback, trace);
        }
    }

    /** {@code /v2/listen} is a WebSocket or nothing. */
    private void flux(Request request, Response response, Callback callback, RequestTrace trace)
            throws RefusedException {
        if (!HttpMethod.GET.is(request.getMethod()) || !isWebSocketUpgrade(request)) {
            throw new RefusedException(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, FLUX_PATH
                    + " is a WebSocket: open it with GET and the headers Connection: Upgrade, Upgrade: websocket"));
        }
        live.handleFlux(request, response, callback, trace);
    }

    /** In OpenAI's shape on its route, in Deepgram's everywhere else. */
    private void refuse(String path, Refusal refusal, Response response, Callback callback, String requestId) {
        FileRoute route = OpenAiTranscriptions.PATH.equals(path) ? openAiFiles : listenFiles;
        route.refuse(refusal, response, callback, requestId);
    }

    private static RequestRecord.Kind kind(Request request, String path) {
        if (OpenAiTranscriptions.PATH.equals(path)) {
            return RequestRecord.Kind.FILE;
        }
        if (FLUX_PATH.equals(path)) {
            return RequestRecord.Kind.STREAM;
        }
        if (!PATH.equals(path)) {
            return RequestRecord.Kind.OTHER;
        }
        return HttpMethod.POST.is(request.getMethod()) ? RequestRecord.Kind.FILE : RequestRecord.Kind.STREAM;
    }

    /** Who asked, for the request log: never the key itself. */
    static RequestRecord.Client client(Request request, String path) {
        HttpFields headers = request.getHeaders();
        return new RequestRecord.Client(Request.getRemoteAddr(request), headers.get(HttpHeader.USER_AGENT),
                Credentials.fingerprint(headers.get(HttpHeader.AUTHORIZATION),
                        headers.getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL)),
                request.getMethod(), path, request.getHttpURI().getQuery());
    }

    private static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    /**
     * The errors Jetty answers itself, before a request reaches {@link ListenEndpoint}: a URI or headers over
     * its limits (414, 431), an upgrade it cannot parse (400). They get the contract's shape (live-api.md §1):
     * {@code dg-request-id}, {@code dg-error} and the JSON body, instead of Jetty's HTML page, so that a client
     * can report them like any other refusal.
     */
    public static final class ErrorPages extends ErrorHandler {
        /** A request Jetty could parse, failed before or around our handler. */
        @Override
        protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                        Callback callback) {
            String requestId = response.getHeaders().get(Refusal.REQUEST_ID_HEADER);
            if (requestId == null) {
                requestId = UUID.randomUUID().toString();
            }
            Refusal refusal = refusal(status, message);
            if (cause instanceof EofException) {
                // The connection is already closed (a slow head refused with 408, a client gone): no one to tell.
                LOG.debug("[{}] {} ended with the connection: {}", requestId, request.getMethod(), cause.toString());
            } else {
                LOG.info("[{}] {} refused by the HTTP layer: {} {}", requestId, request.getMethod(), status,
                        refusal.message());
            }
            refusal.write(response, callback, requestId);
        }

        /** A request Jetty could not parse at all (no Request object exists): headers and body for its answer. */
        @Override
        public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
            String requestId = UUID.randomUUID().toString();
            Refusal refusal = refusal(status, reason);
            LOG.info("[{}] unparseable request refused: {} {}", requestId, status, refusal.message());
            fields.put(new HttpField(Refusal.REQUEST_ID_HEADER, requestId));
            fields.put(new HttpField(Refusal.ERROR_HEADER, refusal.message()));
            fields.put(HttpHeader.CONTENT_TYPE, "application/json");
            return ByteBuffer.wrap(ErrorBody.of(refusal.code(), refusal.message(), requestId).toJson()
                    .getBytes(StandardCharsets.UTF_8));
        }

        private static Refusal refusal(int status, String reason) {
            ErrorCode code = switch (status) {
                case 404 -> ErrorCode.NOT_FOUND;
                case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
                case 408 -> ErrorCode.REQUEST_TIMEOUT;
                case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
                case 414 -> ErrorCode.URI_TOO_LONG;
                case 431 -> ErrorCode.HEADERS_TOO_LARGE;
                case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
                default -> status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_REQUEST;
            };
            // Jetty's reason is its status line's phrase ("URI Too Long") or a sentence of its own ("Invalid h2c
            // upgrade headers"); only the latter says more than the catalogue's message.
            boolean specific = reason != null && !reason.isBlank()
                    && !reason.equalsIgnoreCase(HttpStatus.getMessage(status));
            return new Refusal(code, specific ? code.defaultMessage() + " " + reason : code.defaultMessage());
        }
    }
}
