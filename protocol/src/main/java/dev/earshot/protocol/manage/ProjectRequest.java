package dev.earshot.protocol.manage;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One request as the management API lists it ({@code ProjectRequestResponse} of {@code @deepgram/sdk} 5).
 *
 * @param created    when the request arrived, ISO-8601 in UTC with milliseconds
 * @param path       the path and query it was sent to ({@code /v1/listen?model=nova-3})
 * @param apiKeyId   which key was used: its fingerprint, never the key; null when none was offered
 * @param code       the HTTP status of the answer: 101 for a stream that opened (its close code is in
 *                   {@code response.details})
 * @param deployment always {@code self-hosted}
 * @param callback   always null: this server makes no callbacks
 */
public record ProjectRequest(String requestId, String projectUuid, String created, String path, String apiKeyId,
                             Response response, int code, String deployment,
                             @JsonInclude(JsonInclude.Include.ALWAYS) String callback) {
    public static final String DEPLOYMENT = "self-hosted";

    /**
     * What was answered, in the shape Deepgram gives it ({@code {"details", "code", "completed"}}).
     *
     * @param completed when the answer or the Close frame went out, ISO-8601 in UTC
     */
    public record Response(RequestDetails details, int code, String completed) {
    }
}
