package dev.earshot.server.transport;

import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.flux.FluxOptions;
import dev.earshot.server.Settings;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;

/**
 * The checks every {@code /v1/listen} request passes before any work (live-api.md §1, §7), in this order:
 * credentials (401), then query (400). Shared by the live upgrade and the pre-recorded POSTs; OpenAI's route
 * checks the credentials alike and its form's options with {@link #options(Map)}.
 */
public final class RequestChecks {
    /** A request that passed: its options, and the subprotocol to echo on an upgrade. */
    public record Passed(ListenOptions options, Optional<String> subprotocol) {
    }

    /** A {@code /v2/listen} request that passed: its Flux options, the v1 options under them, the subprotocol. */
    record FluxPassed(FluxOptions flux, ListenOptions options, Optional<String> subprotocol) {
    }

    private final Settings settings;
    private final ApiKeys apiKeys;

    public RequestChecks(Settings settings) {
        this.settings = settings;
        this.apiKeys = new ApiKeys(settings.apiKeys());
    }

    public Passed check(Request request, ListenOptionsParser.Mode mode) throws RefusedException {
        Optional<String> subprotocol = authenticate(request);
        String query = request.getHttpURI().getQuery();
        return new Passed(servable(() -> ListenOptionsParser.parse(query, mode)), subprotocol);
    }

    /** A pre-recorded file's options given as parameters other than the query's, checked as the query's are. */
    public ListenOptions options(Map<String, List<String>> parameters) throws RefusedException {
        return servable(() -> ListenOptionsParser.parse(parameters, ListenOptionsParser.Mode.PRERECORDED));
    }

    FluxPassed checkFlux(Request request) throws RefusedException {
        Optional<String> subprotocol = authenticate(request);
        FluxOptions flux = orRefused(() -> FluxOptions.parse(request.getHttpURI().getQuery()));
        return new FluxPassed(flux, servable(() -> ListenOptionsParser.parse(flux.listenParameters(),
                ListenOptionsParser.Mode.LIVE)), subprotocol);
    }

    /** Parsing that names the parameter it refuses. */
    private interface Parsing<T> {
        T parse() throws InvalidParameterException;
    }

    /** Parsed options this server can serve; anything else is the same 400, naming the parameter. */
    private ListenOptions servable(Parsing<ListenOptions> parsing) throws RefusedException {
        return orRefused(() -> {
            ListenOptions options = parsing.parse();
            checkServable(options);
            return options;
        });
    }

    private static <T> T orRefused(Parsing<T> parsing) throws RefusedException {
        try {
            return parsing.parse();
        } catch (InvalidParameterException invalid) {
            throw new RefusedException(new Refusal(ErrorCode.INVALID_QUERY_PARAMETER, invalid.getMessage(),
                    invalid.parameter()));
        }
    }

    /** @return the subprotocol to echo on an upgrade, when the client offered one */
    public Optional<String> authenticate(Request request) throws RefusedException {
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
}
