package dev.earshot.server.transport.file;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.PrerecordedResponse;
import dev.earshot.protocol.PrerecordedResponses;
import dev.earshot.server.Settings;
import dev.earshot.server.session.timers.Timers;
import dev.earshot.server.transport.Refusal;
import dev.earshot.server.transport.RefusedException;
import dev.earshot.server.transport.RequestChecks;
import dev.earshot.server.transport.guard.BodyReader;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Deepgram's {@code POST /v1/listen} (live-api.md §7): options in the query, the audio as the body whatever its
 * Content-Type, or {@code {"url": ...}} with {@code Content-Type: application/json} when URL fetching is on;
 * answered in Deepgram's schema.
 */
public final class ListenFiles implements FileRoute {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestChecks checks;
    private final Optional<UrlFetcher> urls;
    private final long maxRequestBytes;

    public ListenFiles(Settings settings, RequestChecks checks, Timers timers) {
        this.checks = checks;
        this.maxRequestBytes = settings.maxRequestBytes();
        BodyReader.Limits fetchLimits = new BodyReader.Limits(settings.maxRequestBytes(), settings.uploadTimeout(),
                settings.uploadMinBytesPerSecond(), settings.urlFetchTimeout());
        this.urls = settings.urlFetch() ? Optional.of(new UrlFetcher(fetchLimits, settings.urlFetchAllowPrivate(),
                timers)) : Optional.empty();
    }

    @Override
    public String name() {
        return "POST /v1/listen";
    }

    @Override
    public FileAsk ask(Request request) throws RefusedException {
        ListenOptions options = checks.check(request, ListenOptionsParser.Mode.PRERECORDED).options();
        boolean json = isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        return new FileAsk() {
            @Override
            public FileOrder read(byte[] body) throws RefusedException, InterruptedException {
                return new FileOrder(json ? fetch(body) : body, options);
            }

            @Override
            public Reply reply(PrerecordedResponse transcribed) {
                return new Reply("application/json", PrerecordedResponses.toJson(transcribed), Map.of(), List.of());
            }
        };
    }

    @Override
    public void refuse(Refusal refusal, Response response, Callback callback, String requestId) {
        refusal.write(response, callback, requestId);
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
            throw new RefusedException(failed.tooLarge() ? FileRequests.tooLarge(maxRequestBytes)
                    : new Refusal(ErrorCode.BAD_REQUEST, "Bad Request: " + failed.getMessage()));
        }
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }
}
