package dev.earshot.server.transport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.earshot.protocol.ErrorCode;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.PrerecordedResponse;
import dev.earshot.protocol.PrerecordedResponses;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.ModelDescription;
import dev.earshot.server.session.FeatureSupport;
import dev.earshot.server.session.FileTranscription;
import dev.earshot.server.session.SessionContext;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.transcript.FileDocument;
import dev.earshot.server.transcript.SearchTerms;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/listen}: a whole file transcribed at once (live-api.md §7). The body is the audio in any
 * format the live endpoint takes, whatever its Content-Type, or {@code {"url": ...}} with
 * {@code Content-Type: application/json} when URL fetching is enabled. Refusals follow the live ones: 401,
 * 400, 413 for a body over the limit, 429 past the number of files decoded at once, 503 when draining.
 */
final class FileRequests {
    private static final Logger LOG = LoggerFactory.getLogger(FileRequests.class);
    /** Deepgram's own words for a body it cannot decode; ours follow in parentheses. */
    static final String UNDECODABLE = "Bad Request: failed to process audio: corrupt or unsupported data";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Settings settings;
    private final RequestChecks checks;
    private final SessionServices services;
    private final DecodeLanes lanes;
    private final Admission admission;
    private final ExecutorService workers;
    private final Semaphore slots;
    private final Optional<UrlFetcher> urls;

    FileRequests(Settings settings, RequestChecks checks, SessionServices services, DecodeLanes lanes,
                 Admission admission, ExecutorService workers) {
        this.settings = settings;
        this.checks = checks;
        this.services = services;
        this.lanes = lanes;
        this.admission = admission;
        this.workers = workers;
        this.slots = new Semaphore(settings.maxFileRequests());
        this.urls = settings.urlFetch() ? Optional.of(new UrlFetcher(settings.maxRequestBytes(),
                settings.urlFetchTimeout(), settings.urlFetchAllowPrivate())) : Optional.empty();
    }

    void handle(Request request, Response response, Callback callback, String requestId) throws RefusedException {
        if (admission.isDraining()) {
            throw new RefusedException(Refusal.draining());
        }
        RequestChecks.Passed passed = checks.check(request, ListenOptionsParser.Mode.PRERECORDED);
        long declared = request.getLength();
        if (declared > settings.maxRequestBytes()) {
            throw new RefusedException(tooLarge());
        }
        if (!slots.tryAcquire()) {
            throw new RefusedException(new Refusal(ErrorCode.TOO_MANY_REQUESTS, "Too many requests: this server "
                    + "transcribes at most " + settings.maxFileRequests() + " files at a time. Please try again later"));
        }
        boolean json = isJson(request.getHeaders().get(HttpHeader.CONTENT_TYPE));
        int limit = (int) Math.min(Integer.MAX_VALUE - 8, settings.maxRequestBytes() + 1);
        // The body arrives without holding a thread; the work then runs on an earshot-file thread.
        Content.Source.asByteArrayAsync(request, limit, Promise.Invocable.from(Invocable.InvocationType.NON_BLOCKING,
                (byte[] body, Throwable failure) -> {
                    try {
                        workers.execute(() -> respond(passed.options(), json, body, failure, response, callback, requestId));
                    } catch (RejectedExecutionException shuttingDown) {
                        slots.release();
                        Refusal.draining().write(response, callback, requestId);
                    }
                }));
    }

    private void respond(ListenOptions options, boolean json, byte[] body, Throwable failure, Response response,
                         Callback callback, String requestId) {
        try {
            if (failure != null) {
                answer(failure.getMessage() != null && failure.getMessage().toLowerCase(Locale.ROOT).contains("max")
                        ? tooLarge() : new Refusal(ErrorCode.BAD_REQUEST, "Bad Request: the request body could not be read"),
                        response, callback, requestId);
                return;
            }
            byte[] audio = json ? fetch(body) : body;
            if (audio.length == 0) {
                throw new UndecodableAudioException("the request has no audio");
            }
            String answer = PrerecordedResponses.toJson(transcribe(options, audio, requestId));
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
            response.write(true, ByteBuffer.wrap(answer.getBytes(StandardCharsets.UTF_8)), callback);
        } catch (RefusedException refused) {
            answer(refused.refusal(), response, callback, requestId);
        } catch (UndecodableAudioException undecodable) {
            answer(new Refusal(ErrorCode.BAD_REQUEST, UNDECODABLE + " (" + undecodable.getMessage() + ")"), response,
                    callback, requestId);
        } catch (EngineException | RuntimeException | Error e) {
            LOG.warn("[{}] pre-recorded transcription failed", requestId, e);
            answer(new Refusal(ErrorCode.INTERNAL_SERVER_ERROR, "The speech engine failed on this file"), response,
                    callback, requestId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            answer(Refusal.draining(), response, callback, requestId);
        } finally {
            slots.release();
        }
    }

    private PrerecordedResponse transcribe(ListenOptions options, byte[] audio, String requestId)
            throws UndecodableAudioException, EngineException, InterruptedException {
        ModelDescription model = services.engine().model();
        SessionContext context = new SessionContext(requestId, options, settings, model, Instant.now(),
                FeatureSupport.warnings(options, model));
        long started = System.nanoTime();
        FileTranscription.Transcript transcript = new FileTranscription(context, services, lanes,
                settings.decodeThreads()).run(audio);
        LOG.info("[{}] transcribed {} s of audio in {} ms", requestId, Math.round(transcript.durationSeconds()),
                (System.nanoTime() - started) / 1_000_000);
        boolean paragraphs = flag(options, "paragraphs");
        SearchTerms searchTerms = SearchTerms.parse(options.values("search"));
        List<PrerecordedResponse.ChannelResult> channels = transcript.finals().stream()
                .map(finals -> FileDocument.channel(finals, paragraphs, searchTerms)).toList();
        Optional<List<PrerecordedResponse.Utterance>> utterances = flag(options, "utterances")
                ? Optional.of(FileDocument.utterances(transcript.finals(), utteranceSplit(options))) : Optional.empty();
        MetadataMessage metadata = new MetadataMessage(requestId, sha256(audio), context.created(),
                transcript.durationSeconds(), transcript.channels(), model.uuid(), model.info(), context.warnings(),
                options.extra());
        return new PrerecordedResponse(metadata, channels, utterances);
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
            throw new RefusedException(failed.tooLarge() ? tooLarge()
                    : new Refusal(ErrorCode.BAD_REQUEST, "Bad Request: " + failed.getMessage()));
        }
    }

    private Refusal tooLarge() {
        return new Refusal(ErrorCode.PAYLOAD_TOO_LARGE, "Payload too large: this server takes audio of at most "
                + settings.maxRequestBytes() + " bytes");
    }

    private static void answer(Refusal refusal, Response response, Callback callback, String requestId) {
        LOG.info("[{}] POST /v1/listen refused: {} {}", requestId, refusal.code().httpStatus(), refusal.message());
        refusal.write(response, callback, requestId);
    }

    private static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).startsWith("application/json");
    }

    private static boolean flag(ListenOptions options, String name) {
        return options.values(name).stream().anyMatch(v -> v.equalsIgnoreCase("true"));
    }

    private static double utteranceSplit(ListenOptions options) {
        return options.values("utt_split").stream().findFirst().map(Double::parseDouble)
                .orElse(FileDocument.DEFAULT_UTTERANCE_SPLIT_SECONDS);
    }

    private static String sha256(byte[] audio) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
