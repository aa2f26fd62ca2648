package dev.earshot.server.transport;

import dev.earshot.protocol.ErrorBody;
import dev.earshot.protocol.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The errors Jetty answers itself, before a request reaches {@link ListenEndpoint}: a URI or headers over
 * its limits (414, 431), an upgrade it cannot parse (400). They get the contract's shape (live-api.md §1):
 * {@code dg-request-id}, {@code dg-error} and the JSON body, instead of Jetty's HTML page, so that a client
 * can report them like any other refusal.
 */
public final class ErrorPages extends ErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);

    /** A request Jetty could parse, failed before or around our handler. */
    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        String requestId = response.getHeaders().get(Refusal.REQUEST_ID_HEADER);
        if (requestId == null) {
            requestId = UUID.randomUUID().toString();
        }
        Refusal refusal = refusal(status, message);
        LOG.info("[{}] {} refused by the HTTP layer: {} {}", requestId, request.getMethod(), status, refusal.message());
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
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 414 -> ErrorCode.URI_TOO_LONG;
            case 431 -> ErrorCode.HEADERS_TOO_LARGE;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL_SERVER_ERROR : ErrorCode.BAD_REQUEST;
        };
        // Jetty's reason is its status line's phrase ("URI Too Long") or a sentence of its own ("Invalid h2c
        // upgrade headers"); only the latter says more than the catalogue's message.
        boolean specific = reason != null && !reason.isBlank() && !reason.equalsIgnoreCase(HttpStatus.getMessage(status));
        return new Refusal(code, specific ? code.defaultMessage() + " " + reason : code.defaultMessage());
    }
}
