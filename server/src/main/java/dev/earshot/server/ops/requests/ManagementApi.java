package dev.earshot.server.ops.requests;

import dev.earshot.protocol.ErrorBody;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.protocol.manage.ManageJson;
import dev.earshot.protocol.manage.Project;
import dev.earshot.protocol.manage.ProjectList;
import dev.earshot.protocol.manage.RequestPage;
import dev.earshot.protocol.manage.SingleRequest;
import dev.earshot.server.session.events.RequestRecord;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deepgram's management API over the request log, enough for {@code @deepgram/sdk} 5's
 * {@code manage.v1.projects} {@code list}, {@code get}, {@code requests.list}, {@code requests.get} and
 * {@code usage.get}: one project, {@code earshot}. Handles {@code GET /v1/projects[/...]} with a valid API key
 * ({@code Authorization: Token|Bearer <key>}); any other path is left to the next handler. Errors carry
 * {@code dg-request-id}, {@code dg-error} and {@code {err_code, err_msg, request_id}}, as on {@code /v1/listen}.
 */
public final class ManagementApi extends Handler.Abstract {
    /** The one project: the same id on every server and every start, so scripts can keep it. */
    public static final String PROJECT_ID = UUID.nameUUIDFromBytes("earshot".getBytes(StandardCharsets.UTF_8)).toString();
    public static final String PROJECT_NAME = "earshot";
    private static final String ROOT = "/v1/projects";
    private static final Logger LOG = LoggerFactory.getLogger(ManagementApi.class);

    /** An answer other than 200, for the client. */
    private static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final ErrorCode code;

        Refused(ErrorCode code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    private final RequestQueries queries;
    private final Predicate<String> acceptsKey;
    private final Clock clock;

    /** @param acceptsKey whether a presented API key is one of the server's (constant time, as transport's) */
    public ManagementApi(RequestLog log, Predicate<String> acceptsKey) {
        this(log.queries(), acceptsKey, Clock.systemUTC());
    }

    ManagementApi(RequestQueries queries, Predicate<String> acceptsKey, Clock clock) {
        this.queries = queries;
        this.acceptsKey = acceptsKey;
        this.clock = clock;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        String path = Request.getPathInContext(request);
        if (!path.equals(ROOT) && !path.startsWith(ROOT + "/")) {
            return false;
        }
        String requestId = UUID.randomUUID().toString();
        response.getHeaders().put("dg-request-id", requestId);
        try {
            if (!HttpMethod.GET.is(request.getMethod())) {
                response.getHeaders().put(HttpHeader.ALLOW, "GET");
                throw new Refused(ErrorCode.METHOD_NOT_ALLOWED, "Method " + request.getMethod() + " is not allowed "
                        + "on " + ROOT + ": the management API here only reads (GET)");
            }
            authenticate(request);
            Object answer = answer(segments(path), parameters(request));
            write(response, callback, HttpStatus.OK_200, ManageJson.write(answer));
        } catch (Refused refused) {
            refuse(response, callback, requestId, refused.code, refused.getMessage());
        } catch (InvalidParameterException invalid) {
            refuse(response, callback, requestId, ErrorCode.INVALID_QUERY_PARAMETER, invalid.getMessage());
        } catch (SQLException e) {
            LOG.warn("request log: {} failed: {}", path, e.getMessage());
            refuse(response, callback, requestId, ErrorCode.INTERNAL_SERVER_ERROR,
                    "The request log could not be read; the server's log says why");
        }
        return true;
    }

    /** Routes {@code /v1/projects/<segments>} to its answer. */
    private Object answer(List<String> segments, Map<String, String> parameters)
            throws Refused, InvalidParameterException, SQLException {
        if (segments.isEmpty()) {
            return new ProjectList(List.of(new Project(PROJECT_ID, PROJECT_NAME)));
        }
        if (!segments.get(0).equals(PROJECT_ID)) {
            throw new Refused(ErrorCode.NOT_FOUND, "Project '" + ListParameters.clip(segments.get(0))
                    + "' not found: this server has one project, " + PROJECT_ID);
        }
        String resource = segments.size() > 1 ? segments.get(1) : "";
        if (segments.size() == 1) {
            return new Project(PROJECT_ID, PROJECT_NAME);
        } else if (resource.equals("requests") && segments.size() == 2) {
            RequestQuery query = ListParameters.query(parameters);
            List<RequestRecord> records = queries.list(query);
            return new RequestPage(query.page(), query.limit(),
                    records.stream().map(r -> RequestViews.request(r, PROJECT_ID)).toList());
        } else if (resource.equals("requests") && segments.size() == 3) {
            RequestRecord record = queries.find(segments.get(2)).orElseThrow(() -> new Refused(ErrorCode.NOT_FOUND,
                    "Request '" + ListParameters.clip(segments.get(2)) + "' not found in the request log"));
            return new SingleRequest(RequestViews.request(record, PROJECT_ID));
        } else if (resource.equals("usage") && segments.size() == 2) {
            return usage(ListParameters.range(parameters));
        }
        throw new Refused(ErrorCode.NOT_FOUND, "Not found: this server answers " + ROOT + "/" + PROJECT_ID
                + " and its /requests, /requests/<request_id> and /usage");
    }

    /** Open ends default to the oldest request kept and to today, both whole UTC days. */
    private Object usage(ListParameters.Range range) throws SQLException, InvalidParameterException {
        Instant to = range.to() != null ? range.to() : dayStart(clock.instant()).plus(Duration.ofDays(1));
        if (range.from() != null && !range.from().isBefore(to)) {
            throw new InvalidParameterException("start", "Invalid value for parameter 'start': it must be before "
                    + "the end of the range (the end of today, UTC, when end is not given)");
        }
        Instant from = range.from() != null ? range.from() : queries.oldest().map(ManagementApi::dayStart)
                .filter(oldest -> oldest.isBefore(to)).orElse(dayStart(to.minusMillis(1)));
        LocalDate first = LocalDate.ofInstant(from, ZoneOffset.UTC);
        LocalDate last = LocalDate.ofInstant(to.minusMillis(1), ZoneOffset.UTC);
        return RequestViews.usage(first, last, queries.usage(from, to));
    }

    private static Instant dayStart(Instant instant) {
        return instant.truncatedTo(ChronoUnit.DAYS);
    }

    /** As {@code /v1/listen} reads the header (live-api.md §1); the key never appears in a message. */
    private void authenticate(Request request) throws Refused {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null || authorization.isBlank()) {
            throw new Refused(ErrorCode.INVALID_AUTH, "Missing credentials: send the header "
                    + "'Authorization: Token <api key>'");
        }
        String[] parts = authorization.trim().split("\\s+", 2);
        String scheme = parts[0].toLowerCase(Locale.ROOT);
        if (!(scheme.equals("token") || scheme.equals("bearer")) || parts.length < 2) {
            throw new Refused(ErrorCode.INVALID_AUTH, "Malformed Authorization header: expected "
                    + "'Token <api key>' or 'Bearer <token>'");
        }
        if (!acceptsKey.test(parts[1].trim())) {
            throw new Refused(ErrorCode.INVALID_AUTH, ErrorCode.INVALID_AUTH.defaultMessage());
        }
    }

    private static List<String> segments(String path) {
        return Arrays.stream(path.substring(ROOT.length()).split("/")).filter(s -> !s.isEmpty()).toList();
    }

    /** The first value of each query parameter. */
    private static Map<String, String> parameters(Request request) throws Refused {
        Map<String, String> parameters = new HashMap<>();
        try {
            Fields fields = Request.extractQueryParameters(request);
            for (Fields.Field field : fields) {
                parameters.put(field.getName(), field.getValue());
            }
        } catch (RuntimeException e) {
            throw new Refused(ErrorCode.BAD_REQUEST, "Malformed query string: " + e.getMessage());
        }
        return parameters;
    }

    private static void refuse(Response response, Callback callback, String requestId, ErrorCode code, String message) {
        String headerSafe = message.replaceAll("[^\\x20-\\x7E]", "?");
        response.getHeaders().put("dg-error", headerSafe);
        write(response, callback, code.httpStatus(), ErrorBody.of(code, headerSafe, requestId).toJson());
    }

    private static void write(Response response, Callback callback, int status, String json) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        Content.Sink.write(response, true, json, callback);
    }
}
