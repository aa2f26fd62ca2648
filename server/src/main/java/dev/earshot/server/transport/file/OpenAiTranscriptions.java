package dev.earshot.server.transport.file;

import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.InvalidParameterException;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.PrerecordedResponse;
import dev.earshot.protocol.openai.MultipartForm;
import dev.earshot.protocol.openai.OpenAiError;
import dev.earshot.protocol.openai.TranscriptionFormats;
import dev.earshot.protocol.openai.TranscriptionRequest;
import dev.earshot.protocol.openai.TranscriptionRequestParser;
import dev.earshot.protocol.openai.VerboseTranscription;
import dev.earshot.server.session.file.OpenAiTranscript;
import dev.earshot.server.transport.Refusal;
import dev.earshot.server.transport.RefusedException;
import dev.earshot.server.transport.RequestChecks;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OpenAI's {@code POST /v1/audio/transcriptions} (openai-api.md): a multipart form with the audio as its
 * {@code file}, answered in the asked {@code response_format} or as server-sent events, and refused in OpenAI's
 * error shape. The same keys, limits and transcription as {@code POST /v1/listen}.
 */
public final class OpenAiTranscriptions implements FileRoute {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiTranscriptions.class);
    public static final String PATH = "/v1/audio/transcriptions";
    /** Names the form fields accepted and not used: OpenAI's answers have no warnings field. */
    public static final String IGNORED_HEADER = "earshot-ignored-fields";
    /** OpenAI's own request id header, which its SDKs read into {@code error.requestID}; the same id as dg-request-id. */
    public static final String OPENAI_REQUEST_ID_HEADER = "x-request-id";

    private final RequestChecks checks;

    public OpenAiTranscriptions(RequestChecks checks) {
        this.checks = checks;
    }

    @Override
    public String name() {
        return "POST " + PATH;
    }

    @Override
    public FileAsk ask(Request request) throws RefusedException {
        checks.authenticate(request);
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (!MultipartForm.isForm(contentType)) {
            throw new RefusedException(new Refusal(ErrorCode.BAD_REQUEST, "The request must be multipart/form-data"
                    + " with the audio as its 'file' part (Content-Type was '" + contentType + "')", "file"));
        }
        return new Ask(contentType);
    }

    @Override
    public void refuse(Refusal refusal, Response response, Callback callback, String requestId) {
        response.getHeaders().put(OPENAI_REQUEST_ID_HEADER, requestId);
        refusal.write(response, callback, requestId,
                OpenAiError.of(refusal.code(), refusal.message(), refusal.param()).toJson());
    }

    /** One request: its form, once read. */
    private final class Ask implements FileAsk {
        private final String contentType;
        private TranscriptionRequest form;
        private ListenOptions options;

        Ask(String contentType) {
            this.contentType = contentType;
        }

        @Override
        public FileOrder read(byte[] body) throws RefusedException {
            MultipartForm parts;
            try {
                parts = MultipartForm.parse(body, contentType);
                form = TranscriptionRequestParser.parse(parts);
            } catch (InvalidParameterException invalid) {
                ErrorCode code = invalid.parameter() == null ? ErrorCode.BAD_REQUEST : ErrorCode.INVALID_QUERY_PARAMETER;
                throw new RefusedException(new Refusal(code, invalid.getMessage(), invalid.parameter()));
            }
            options = checks.options(form.listenParameters());
            // A copy: while the file is transcribed it is held twice, the form's body counted by the upload
            // budget and the audio cut out of it (at most --max-request-size more per file).
            return new FileOrder(parts.bytes(form.file()), options);
        }

        @Override
        public Reply reply(PrerecordedResponse transcribed) {
            VerboseTranscription transcription = OpenAiTranscript.of(transcribed, options.language());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put(OPENAI_REQUEST_ID_HEADER, transcribed.metadata().requestId());
            if (!form.ignored().isEmpty()) {
                headers.put(IGNORED_HEADER, String.join(", ", form.ignored()));
            }
            List<String> warnings = form.ignored().isEmpty() ? List.of()
                    : List.of("fields accepted and not used: " + String.join(", ", form.ignored()));
            if (!form.ignored().isEmpty()) {
                LOG.info("[{}] {}: fields accepted and not used: {}", transcribed.metadata().requestId(), name(),
                        form.ignored());
            }
            if (form.stream()) {
                return new Reply("text/event-stream; charset=utf-8", TranscriptionFormats.events(transcription),
                        headers, warnings);
            }
            return new Reply(form.format().contentType(), TranscriptionFormats.write(transcription, form), headers,
                    warnings);
        }
    }
}
