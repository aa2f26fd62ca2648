package dev.earshot.server.transport.file;

import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.PrerecordedResponse;
import dev.earshot.server.transport.Refusal;
import dev.earshot.server.transport.RefusedException;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * What one API's file route does its own way: check the request's head, read its body as audio and options,
 * write the answer and the refusals in its shape. {@link FileRequests} does the rest alike for every route (the
 * body's limits, the transcription slots, hang-ups, the request log). Deepgram's {@code POST /v1/listen} is
 * {@link ListenFiles}, OpenAI's {@code POST /v1/audio/transcriptions} {@link OpenAiTranscriptions}.
 */
public interface FileRoute {
    /** How logs name the route: {@code POST /v1/listen}. */
    String name();

    /** Checks the request's head before its body is read: credentials (401) first, then the rest (400). */
    FileAsk ask(Request request) throws RefusedException;

    /** Writes the refusal in this route's shape, with {@code dg-request-id}; completes the callback. */
    void refuse(Refusal refusal, Response response, Callback callback, String requestId);

    /** One request past its head's checks; used by one thread at a time. */
    interface FileAsk {
        /** The received body as audio and options; on a worker thread, so it may block (a URL fetched). */
        FileOrder read(byte[] body) throws RefusedException, InterruptedException;

        /** The transcribed file as this route answers it. */
        Reply reply(PrerecordedResponse transcribed);
    }

    /** The audio to transcribe and how. */
    record FileOrder(byte[] audio, ListenOptions options) {
    }

    /**
     * A {@code 200}: its body and Content-Type, headers of its own, and warnings for the request log.
     */
    record Reply(String contentType, String body, Map<String, String> headers, List<String> warnings) {
        public Reply {
            headers = Map.copyOf(headers);
            warnings = List.copyOf(warnings);
        }
    }
}
