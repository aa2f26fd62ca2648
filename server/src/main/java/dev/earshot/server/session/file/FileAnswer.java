package dev.earshot.server.session.file;

import dev.earshot.protocol.Encoding;
import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.PrerecordedResponse;
import dev.earshot.protocol.ServerMessage.MetadataMessage;
import dev.earshot.server.Settings;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.ModelDescription;
import dev.earshot.server.session.features.FeatureSupport;
import dev.earshot.server.session.SessionContext;
import dev.earshot.server.audio.container.Container;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.session.events.RequestTrace;
import dev.earshot.server.transcript.FileDocument;
import dev.earshot.server.transcript.SearchTerms;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to one {@code POST /v1/listen} (live-api.md §7): the file transcribed ({@link FileTranscription}),
 * then assembled in Deepgram's schema with Metadata, per-channel results, and utterances and paragraphs on
 * request.
 */
public final class FileAnswer {
    private static final Logger LOG = LoggerFactory.getLogger(FileAnswer.class);

    private final String requestId;
    private final ListenOptions options;
    private final Settings settings;
    private final SessionServices services;
    private final DecodeLanes lanes;

    public FileAnswer(String requestId, ListenOptions options, Settings settings, SessionServices services,
                      DecodeLanes lanes) {
        this.requestId = requestId;
        this.options = options;
        this.settings = settings;
        this.services = services;
        this.lanes = lanes;
    }

    /** Transcribes the file; blocks until done. Call it off the I/O threads. */
    public PrerecordedResponse transcribe(byte[] audio)
            throws UndecodableAudioException, EngineException, InterruptedException {
        ModelDescription model = services.engine().model();
        SessionContext context = new SessionContext(requestId, options, settings, model, Instant.now(),
                FeatureSupport.warnings(options, model));
        long started = System.nanoTime();
        FileTranscription.Transcript transcript = new FileTranscription(context, services, lanes,
                settings.decodeThreads()).run(audio);
        LOG.info("[{}] transcribed {} s of audio in {} ms", requestId, Math.round(transcript.durationSeconds()),
                (System.nanoTime() - started) / 1_000_000);
        boolean paragraphs = flag("paragraphs");
        SearchTerms searchTerms = SearchTerms.parse(options.values("search"));
        List<PrerecordedResponse.ChannelResult> channels = transcript.finals().stream()
                .map(finals -> FileDocument.channel(finals, paragraphs, searchTerms)).toList();
        Optional<List<PrerecordedResponse.Utterance>> utterances = flag("utterances")
                ? Optional.of(FileDocument.utterances(transcript.finals(), utteranceSplit())) : Optional.empty();
        MetadataMessage metadata = new MetadataMessage(requestId, sha256(audio), context.created(),
                transcript.durationSeconds(), transcript.channels(), model.uuid(), model.info(), context.warnings(),
                options.extra());
        return new PrerecordedResponse(metadata, channels, utterances);
    }

    private boolean flag(String name) {
        return options.values(name).stream().anyMatch(v -> v.equalsIgnoreCase("true"));
    }

    private double utteranceSplit() {
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

    /** How this answer goes in the request log: its audio, words and warnings, and its text if kept. */
    public static RequestTrace.Outcome outcome(PrerecordedResponse answer, byte[] audio, ListenOptions options,
                                               boolean keepTranscript) {
        String transcript = answer.channels().stream().map(channel -> channel.alternative().transcript())
                .collect(java.util.stream.Collectors.joining("\n"));
        String encoding = options.encoding().map(Encoding::wireName).orElseGet(() -> container(audio));
        return new RequestTrace.Outcome(200, null, answer.metadata().duration(), audio.length, encoding, 1,
                answer.channels().size(), answer.metadata().warnings().stream().map(w -> w.message()).toList(),
                keepTranscript ? transcript : null);
    }

    /** The container the body's first bytes show, lower case; null if none does. */
    private static String container(byte[] audio) {
        int head = Math.min(audio.length, Container.SNIFF_BYTES);
        for (Container candidate : Container.values()) {
            if (candidate.test(audio, head) == Container.Verdict.MATCH) {
                return candidate.name().toLowerCase(java.util.Locale.ROOT);
            }
        }
        return null;
    }
}
