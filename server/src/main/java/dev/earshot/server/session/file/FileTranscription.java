package dev.earshot.server.session.file;

import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.Word;
import dev.earshot.server.audio.DecodeBudget;
import dev.earshot.server.audio.PcmSource;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.DecodeLanes.Lane;
import dev.earshot.server.engine.DecodeLanes.Step;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.session.channel.ChannelTranscriber;
import dev.earshot.server.session.SessionContext;
import dev.earshot.server.session.SessionServices;
import dev.earshot.server.session.file.FileReading.Piece;
import dev.earshot.server.transcript.SearchTerms;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A whole file transcribed at once (pre-recorded {@code POST /v1/listen}, live-api.md §7). The file is read a
 * block at a time ({@link FileReading}) and cut into pieces at pauses; the pieces are transcribed in parallel.
 * All of it runs in small steps on batch lanes, so a file uses every core the live streams leave idle and
 * delays none of them by more than a step, whatever the file costs. Memory stays bounded: at most
 * {@code parallelism} pieces are held at a time. The calling thread only waits.
 */
public final class FileTranscription {
    private final SessionContext context;
    private final SessionServices services;
    private final DecodeLanes lanes;
    private final int parallelism;

    /** What a file holds: its final Results per transcribed channel, in order, and what was decoded. */
    public record Transcript(List<List<ResultsMessage>> finals, double durationSeconds, int channels) {
    }

    public FileTranscription(SessionContext context, SessionServices services, DecodeLanes lanes, int parallelism) {
        this.context = context;
        this.services = services;
        this.lanes = lanes;
        this.parallelism = parallelism;
    }

    /** Decodes and transcribes {@code file}; blocks until done. Call it off the I/O threads. */
    public Transcript run(byte[] file) throws UndecodableAudioException, EngineException, InterruptedException {
        Pieces pieces = new Pieces();
        Lane readerLane = lanes.newBatchLane();
        PcmSource source = services.decoders().forFile(file, context.options());
        try {
            FileReading reading = new FileReading(source, new DecodeBudget(services.decoders().limits()),
                    context.options().multichannel(), services.engine().sampleRateHz(), context.settings());
            while (!reading.done()) {
                for (Piece piece : onLane(readerLane, reading::step)) {
                    pieces.submit(piece);
                }
            }
            for (Piece piece : onLane(readerLane, reading::finish)) {
                pieces.submit(piece);
            }
            return new Transcript(pieces.await(reading.transcribedChannels()), reading.durationSeconds(),
                    reading.channels());
        } finally {
            pieces.cancel();
            // On the lane, after any step still running there: this thread may leave early (a client that hung
            // up), and a native decoder must not be freed under a step that is using it.
            readerLane.submit(source::close);
        }
    }

    private interface Reading {
        List<Piece> run() throws UndecodableAudioException;
    }

    /** Runs a reading step on the file's batch lane and waits for it. */
    private static List<Piece> onLane(Lane lane, Reading step) throws UndecodableAudioException, InterruptedException {
        CompletableFuture<List<Piece>> result = new CompletableFuture<>();
        lane.submit(() -> {
            try {
                result.complete(step.run());
            } catch (UndecodableAudioException | RuntimeException | Error e) {
                result.completeExceptionally(e);
            }
        });
        try {
            return result.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UndecodableAudioException undecodable) {
                throw undecodable;
            }
            if (e.getCause() instanceof RuntimeException bug) {
                throw bug;
            }
            throw (Error) e.getCause();
        }
    }

    /** One piece through its own recogniser, a second of audio per step; times moved to the piece's place. */
    private final class PieceSteps implements Step {
        /** Audio the engine takes per step: about 0.1 CPU-s, so live streams wait at most that for a thread. */
        private static final int STEP_SECONDS = 1;

        private final Piece piece;
        private final CompletableFuture<List<ResultsMessage>> finals;
        private final List<ServerMessage> out = new ArrayList<>();
        private EngineStream stream;
        private ChannelTranscriber transcriber;
        private int fed;

        PieceSteps(Piece piece, CompletableFuture<List<ResultsMessage>> finals) {
            this.piece = piece;
            this.finals = finals;
        }

        @Override
        public boolean run() {
            if (finals.isDone()) { // cancelled: the file failed elsewhere
                close();
                return true;
            }
            try {
                if (transcriber == null) {
                    open();
                }
                int step = Math.min(piece.samples().length - fed, STEP_SECONDS * services.engine().sampleRateHz());
                if (step > 0) {
                    float[] part = java.util.Arrays.copyOfRange(piece.samples(), fed, fed + step);
                    transcriber.accept(part, part.length);
                    fed += step;
                    return false;
                }
                transcriber.endOfAudio();
                close();
                finals.complete(shiftedFinals());
            } catch (EngineException | RuntimeException | Error e) {
                close();
                finals.completeExceptionally(e);
            }
            return true;
        }

        private void open() throws EngineException {
            ListenOptions options = context.options().withoutStreamingEvents();
            stream = services.engine().openStream();
            // No search per piece: a file's channels are searched whole (FileDocument), across pieces' seams.
            TranscriptAssembler assembler = new TranscriptAssembler(piece.channel(), piece.channelCount(),
                    context.resultsMetadata(), options, SearchTerms.NONE);
            if (piece.startSeconds() > 0) {
                assembler.continuesUnseenAudio(); // a number read across the cut is redacted on both sides
            }
            transcriber = new ChannelTranscriber(piece.channel(), piece.channelCount(), stream, assembler, out::add,
                    options, context.settings(), services.engine().sampleRateHz());
        }

        private void close() {
            if (stream != null) {
                stream.close();
                stream = null;
            }
        }

        private List<ResultsMessage> shiftedFinals() {
            List<ResultsMessage> shifted = new ArrayList<>();
            for (ServerMessage message : out) {
                if (message instanceof ResultsMessage results && results.isFinal()) {
                    shifted.add(shift(results, piece.startSeconds()));
                }
            }
            return shifted;
        }
    }

    private static ResultsMessage shift(ResultsMessage results, double seconds) {
        List<Word> words = results.alternative().words().stream().map(w -> new Word(w.word(), w.start() + seconds,
                w.end() + seconds, w.confidence(), w.punctuatedWord())).toList();
        Alternative alternative = words.isEmpty() ? results.alternative()
                : new Alternative(results.alternative().transcript(), results.alternative().confidence(), words);
        return new ResultsMessage(results.channelIndex(), results.channelCount(), results.start() + seconds,
                results.duration(), true, results.speechFinal(), alternative, results.metadata(), false);
    }

    /** The pieces in flight: at most {@code parallelism} at once, each on a batch lane of its own. */
    private final class Pieces {
        private final Semaphore slots = new Semaphore(parallelism);
        private final List<PieceResult> submitted = new ArrayList<>();

        private record PieceResult(int channel, CompletableFuture<List<ResultsMessage>> finals) {
        }

        /** Waits for a slot, then queues the piece's steps. */
        void submit(Piece piece) throws InterruptedException {
            slots.acquire();
            CompletableFuture<List<ResultsMessage>> future = new CompletableFuture<>();
            future.whenComplete((finals, failure) -> slots.release());
            submitted.add(new PieceResult(piece.channel(), future));
            lanes.newBatchLane().submitSteps(new PieceSteps(piece, future));
        }

        /** Every channel's finals in order; the first failure, if any, is thrown. */
        List<List<ResultsMessage>> await(int channels) throws EngineException, InterruptedException {
            List<List<ResultsMessage>> finals = new ArrayList<>();
            for (int c = 0; c < channels; c++) {
                finals.add(new ArrayList<>());
            }
            for (PieceResult piece : submitted) {
                try {
                    finals.get(piece.channel()).addAll(piece.finals().get());
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof EngineException engine) {
                        throw engine;
                    }
                    throw new EngineException("the speech engine failed: " + e.getCause(), e.getCause());
                }
            }
            return finals;
        }

        /** On failure, pieces not yet done stop at their next step. */
        void cancel() {
            submitted.forEach(piece -> piece.finals().cancel(false));
        }
    }
}
