package dev.earshot.server.transport;

import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.session.features.FeatureSupport;
import dev.earshot.server.session.LiveSession;
import dev.earshot.server.session.SessionContext;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.session.StreamInput;
import dev.earshot.server.session.events.RequestTrace;
import dev.earshot.server.session.turns.FluxSession;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.websocket.server.ServerWebSocketContainer;

/**
 * {@code GET /v1/listen} and {@code GET /v2/listen} with a WebSocket upgrade (live-api.md §1): draining (503), the WebSocket version
 * (426), the shared request checks (401, 400), the decoder for the audio (400), capacity (429), then the
 * upgrade into a {@link LiveSession}.
 */
final class LiveUpgrade {
    /** The only WebSocket version there is (RFC 6455); others get 426 naming it. */
    static final String WEBSOCKET_VERSION = "13";

    private final Settings settings;
    private final RequestChecks checks;
    private final SessionServices services;
    private final DecodeLanes lanes;
    private final Admission admission;
    private final ServerWebSocketContainer container;

    LiveUpgrade(Settings settings, RequestChecks checks, SessionServices services, DecodeLanes lanes,
                Admission admission, ServerWebSocketContainer container) {
        this.settings = settings;
        this.checks = checks;
        this.services = services;
        this.lanes = lanes;
        this.admission = admission;
        this.container = container;
    }

    /** {@code /v1/listen}. @throws RefusedException with the answer when the stream cannot open */
    void handle(Request request, Response response, Callback callback, RequestTrace trace) throws RefusedException {
        checkUpgrade(request);
        RequestChecks.Passed passed = checks.check(request, ListenOptionsParser.Mode.LIVE);
        SessionContext context = context(trace, passed.options(), settings);
        open(request, response, callback, passed.subprotocol(), listener -> {
            LiveSession live = new LiveSession(context, services, lanes.newLane(), listener, admission::release);
            return new Opened(live, live);
        });
    }

    /**
     * {@code /v2/listen} (Flux): the same checks and failures, and the pipeline settings of a turn
     * ({@link FluxSession#settingsFor}). @throws RefusedException with the answer when the stream cannot open
     */
    void handleFlux(Request request, Response response, Callback callback, RequestTrace trace)
            throws RefusedException {
        checkUpgrade(request);
        RequestChecks.FluxPassed passed = checks.checkFlux(request);
        SessionContext context = context(trace, passed.options(), FluxSession.settingsFor(settings, passed.flux()));
        open(request, response, callback, passed.subprotocol(), listener -> {
            FluxSession flux = new FluxSession(context, passed.flux(), services, lanes.newLane(), listener,
                    admission::release);
            return new Opened(flux, flux.live());
        });
    }

    private void checkUpgrade(Request request) throws RefusedException {
        if (admission.isDraining()) {
            throw new RefusedException(Refusal.draining());
        }
        String version = request.getHeaders().get(HttpHeader.SEC_WEBSOCKET_VERSION);
        if (version == null || !version.trim().equals(WEBSOCKET_VERSION)) {
            throw new RefusedException(new Refusal(ErrorCode.UPGRADE_REQUIRED, "Unsupported WebSocket version '"
                    + version + "': this server speaks version " + WEBSOCKET_VERSION + " (RFC 6455)"));
        }
    }

    private SessionContext context(RequestTrace trace, ListenOptions options, Settings sessionSettings) {
        Engine engine = services.engine();
        return new SessionContext(trace.requestId(), options, sessionSettings, engine.model(), trace.started(),
                FeatureSupport.warnings(options, engine.model()), trace.client());
    }

    /** A stream built for a socket: what the socket talks to, and the live session admission counts. */
    private record Opened(StreamInput input, LiveSession live) {
    }

    private interface Opening {
        Opened open(SocketListener listener) throws UndecodableAudioException;
    }

    private void open(Request request, Response response, Callback callback, Optional<String> subprotocol,
                      Opening opening) throws RefusedException {
        SocketListener listener = new SocketListener(settings.maxFrameBytes(), settings.maxTextBytes(),
                settings.maxQueuedBytes(), admission);
        Opened opened;
        try {
            opened = opening.open(listener);
        } catch (UndecodableAudioException unusable) {
            throw new RefusedException(new Refusal(ErrorCode.INVALID_QUERY_PARAMETER, "Parameters 'encoding', "
                    + "'sample_rate' and 'channels' do not go together: " + unusable.getMessage()));
        }
        listener.attach(opened.input());
        boolean upgraded = false;
        try {
            upgrade(request, response, callback, opened, subprotocol, listener);
            upgraded = true;
        } finally {
            if (!upgraded) {
                // Built but never opened: it may hold a codec's native decoder, which no collector frees.
                opened.input().discard();
            }
        }
        // The first-audio deadline runs from here, not from the socket's open: a connection that dies during
        // the upgrade still times out and gives its place back.
        opened.input().start();
    }

    /** Admission (429, 503), then Jetty's upgrade to the 101. */
    private void upgrade(Request request, Response response, Callback callback, Opened opened,
                         Optional<String> subprotocol, SocketListener listener) throws RefusedException {
        String requestId = opened.input().requestId();
        Admission.Decision decision = admission.tryAdmit(opened.live());
        if (decision == Admission.Decision.DRAINING) {
            throw new RefusedException(Refusal.draining());
        }
        if (decision == Admission.Decision.FULL) {
            throw new RefusedException(new Refusal(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: this server is at "
                    + "its limit of " + admission.maxStreams() + " concurrent streams. Please try again later"));
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
            // Jetty's own parsing of the upgrade headers failed (an unbalanced quote, say).
            throw new RefusedException(new Refusal(ErrorCode.BAD_REQUEST, "Malformed WebSocket upgrade request: "
                    + malformed.getMessage()));
        }
        if (!upgraded) {
            throw new RefusedException(new Refusal(ErrorCode.METHOD_NOT_ALLOWED, "The WebSocket upgrade request is invalid"));
        }
    }
}
