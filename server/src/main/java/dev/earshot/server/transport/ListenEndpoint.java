package dev.earshot.server.transport;

import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.server.Settings;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.session.Admission;
import dev.earshot.server.session.FeatureSupport;
import dev.earshot.server.session.LiveSession;
import dev.earshot.server.session.SessionContext;
import dev.earshot.server.session.SessionServices;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every HTTP request the server receives. {@code GET /v1/listen} with a WebSocket upgrade goes through the
 * handshake checks of live-api.md §1, in this order: draining (503), credentials (401), query (400),
 * capacity (429); then it is upgraded into a {@link LiveSession}. Every answer, {@code 101} included,
 * carries a fresh {@code dg-request-id}.
 */
public final class ListenEndpoint extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(ListenEndpoint.class);
    public static final String PATH = "/v1/listen";

    private final Settings settings;
    private final ApiKeys apiKeys;
    private final SessionServices services;
    private final DecodeLanes lanes;
    private final Admission admission;
    private final ServerWebSocketContainer container;

    public ListenEndpoint(Settings settings, SessionServices services, DecodeLanes lanes, Admission admission,
                          ServerWebSocketContainer container) {
        super(InvocationType.BLOCKING);
        this.settings = settings;
        this.apiKeys = new ApiKeys(settings.apiKeys());
        this.services = services;
        this.lanes = lanes;
        this.admission = admission;
        this.container = container;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put(Refusal.REQUEST_ID_HEADER, requestId);
        String path = Request.getPathInContext(request);
        if (!PATH.equals(path)) {
            refuse(new Refusal(ErrorCode.NOT_FOUND, "No such endpoint: " + path + " (live transcription is GET "
                    + PATH + " with a WebSocket upgrade)"), request, response, callback, requestId);
        } else if (!HttpMethod.GET.is(request.getMethod())) {
            refuse(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "Method " + request.getMethod() + " is not allowed on "
                    + PATH + ": open a WebSocket with GET"), request, response, callback, requestId);
        } else if (!isWebSocketUpgrade(request)) {
            refuse(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "GET " + PATH
                    + " must be a WebSocket upgrade (Connection: Upgrade, Upgrade: websocket)"),
                    request, response, callback, requestId);
        } else {
            handshake(request, response, callback, requestId);
        }
        return true;
    }

    private void handshake(Request request, Response response, Callback callback, String requestId) {
        if (admission.isDraining()) {
            refuse(draining(), request, response, callback, requestId);
            return;
        }
        Optional<String> subprotocol;
        ListenOptions options;
        try {
            subprotocol = authenticate(request);
            options = ListenOptionsParser.parse(request.getHttpURI().getQuery());
            checkServable(options);
        } catch (RefusedException refused) {
            refuse(refused.refusal, request, response, callback, requestId);
            return;
        } catch (InvalidParameterException invalid) {
            refuse(new Refusal(ErrorCode.INVALID_QUERY_PARAMETER, invalid.getMessage()), request, response,
                    callback, requestId);
            return;
        }
        Engine engine = services.engine();
        SessionContext context = new SessionContext(requestId, options, settings, engine.model(), Instant.now(),
                FeatureSupport.warnings(options, engine.model()));
        SocketListener listener = new SocketListener(settings.maxFrameBytes(), settings.maxTextBytes());
        LiveSession session = new LiveSession(context, services, lanes.newLane(), listener, admission::release);
        listener.attach(session);
        Admission.Decision decision = admission.tryAdmit(session);
        if (decision != Admission.Decision.ADMITTED) {
            refuse(decision == Admission.Decision.DRAINING ? draining()
                    : new Refusal(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: this server is at its limit of "
                    + admission.maxStreams() + " concurrent streams. Please try again later"),
                    request, response, callback, requestId);
            return;
        }
        boolean upgraded;
        try {
            upgraded = container.upgrade((upgradeRequest, upgradeResponse, upgradeCallback) -> {
                upgradeResponse.getHeaders().put(Refusal.REQUEST_ID_HEADER, requestId);
                subprotocol.ifPresent(upgradeResponse::setAcceptedSubProtocol);
                // Decline permessage-deflate, as Deepgram does: compressing small JSON costs CPU for little,
                // and Node's built-in WebSocket (undici) loses compressed frames that arrive with the Close.
                upgradeResponse.setExtensions(List.of());
                return listener;
            }, request, response, callback);
        } catch (RuntimeException malformed) {
            // Jetty's own parsing of the upgrade headers failed (an unbalanced quote, say): give the place
            // back and answer like any other refusal.
            admission.release(session);
            refuse(new Refusal(ErrorCode.BAD_REQUEST, "Malformed WebSocket upgrade request: "
                    + malformed.getMessage()), request, response, callback, requestId);
            return;
        }
        if (!upgraded) {
            admission.release(session);
            refuse(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "The WebSocket upgrade request is invalid"),
                    request, response, callback, requestId);
            return;
        }
        // The first-audio deadline runs from here, not from the socket's open: a connection that dies during
        // the upgrade still times out and gives its place back.
        session.start();
    }

    /** @return the subprotocol to echo when the key came as one */
    private Optional<String> authenticate(Request request) throws RefusedException {
        List<String> subprotocols = Credentials.splitSubprotocols(
                request.getHeaders().getValuesList(HttpHeader.SEC_WEBSOCKET_SUBPROTOCOL));
        Optional<Credentials> credentials;
        try {
            credentials = Credentials.read(request.getHeaders().get(HttpHeader.AUTHORIZATION), subprotocols);
        } catch (Credentials.Malformed malformed) {
            throw new RefusedException(new Refusal(ErrorCode.INVALID_AUTH, malformed.getMessage()));
        }
        if (credentials.isEmpty()) {
            throw new RefusedException(new Refusal(ErrorCode.INVALID_AUTH, "Missing credentials: send the header "
                    + "'Authorization: Token <api key>' or the WebSocket subprotocols 'token, <api key>'"));
        }
        if (!apiKeys.accepts(credentials.get().key())) {
            throw new RefusedException(new Refusal(ErrorCode.INVALID_AUTH, ErrorCode.INVALID_AUTH.defaultMessage()));
        }
        // A client that offered the token/bearer subprotocol must get it back even when its header carried
        // the key: browsers and the ws package fail a handshake that ignores the subprotocol they offered.
        return credentials.get().subprotocol().or(() -> Credentials.offeredScheme(subprotocols));
    }

    /** Valid options this server still cannot serve are refused with the same 400. */
    private void checkServable(ListenOptions options) throws InvalidParameterException {
        if (options.multichannel() && options.channels() > settings.maxChannels()) {
            throw new InvalidParameterException("channels", "Invalid value '" + options.channels()
                    + "' for parameter 'channels': this server transcribes at most " + settings.maxChannels()
                    + " channels per stream with multichannel=true");
        }
        String primary = options.language().split("-")[0].toLowerCase(Locale.ROOT);
        if (!primary.equals(settings.modelLanguage())) {
            throw new InvalidParameterException("language", "Invalid value '" + options.language()
                    + "' for parameter 'language': this server's model speaks " + settings.modelLanguage()
                    + " (" + settings.modelLanguage() + " or " + settings.modelLanguage() + "-XX)");
        }
    }

    private static Refusal draining() {
        return new Refusal(ErrorCode.SERVICE_UNAVAILABLE, "The server is shutting down and accepts no new streams. "
                + "Please try again later");
    }

    private static boolean isWebSocketUpgrade(Request request) {
        String upgrade = request.getHeaders().get(HttpHeader.UPGRADE);
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket");
    }

    private static void refuse(Refusal refusal, Request request, Response response, Callback callback,
                               String requestId) {
        LOG.info("[{}] {} {} refused: {} {}", requestId, request.getMethod(), Request.getPathInContext(request),
                refusal.code().httpStatus(), refusal.message());
        refusal.write(response, callback, requestId);
    }

    /** A handshake check failed; carries the answer. */
    private static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Refusal refusal;

        RefusedException(Refusal refusal) {
            super(refusal.message(), null, false, false);
            this.refusal = refusal;
        }
    }
}
