package dev.earshot.server.session;

import dev.earshot.protocol.ListenOptions;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.Alternative;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.Word;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.PcmSource;
import dev.earshot.server.audio.Resampler;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.VoiceActivity;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.transcript.SearchTerms;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;

/**
 * A whole file transcribed at once (pre-recorded {@code POST /v1/listen}, live-api.md §7). The file is
 * decoded and resampled as it is read, and cut into pieces of about {@link #PIECE_SECONDS} at pauses; the
 * pieces are transcribed in parallel on batch lanes, so a long file uses every core the live streams leave
 * idle and none they need. Memory stays bounded: at most {@code parallelism} pieces are held at a time.
 */
public final class FileTranscription {
    /** Long enough that cuts are rare (each restarts the engine's adaptation), short enough to spread a file over cores. */
    static final double PIECE_SECONDS = 30;
    /** Continuous speech is cut here wherever it is: a piece must end. */
    static final double PIECE_MAX_SECONDS = 45;
    /** A pause this long is where a piece may end. */
    static final double PAUSE_SECONDS = 0.2;

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
        try (PcmSource source = services.decoders().forFile(file, context.options())) {
            List<PieceCutter> cutters = null;
            AudioFormat format = null;
            long frames = 0;
            while (!source.exhausted()) {
                PcmBlock block = source.next();
                if (block.frames() == 0) {
                    continue;
                }
                if (cutters == null) {
                    format = source.format().orElseThrow();
                    cutters = cutters(format);
                }
                frames += block.frames();
                if (context.options().multichannel()) {
                    for (int c = 0; c < cutters.size(); c++) {
                        cutters.get(c).add(block.channels()[c], block.frames(), pieces);
                    }
                } else {
                    cutters.get(0).add(block.mixdown(), block.frames(), pieces);
                }
            }
            if (cutters == null) {
                throw new UndecodableAudioException("the file holds no audio");
            }
            for (PieceCutter cutter : cutters) {
                cutter.finish(pieces);
            }
            return new Transcript(pieces.await(cutters.size()), (double) frames / format.sampleRateHz(),
                    format.channels());
        } finally {
            pieces.cancel();
        }
    }

    private List<PieceCutter> cutters(AudioFormat format) {
        int count = context.options().multichannel() ? format.channels() : 1;
        List<PieceCutter> cutters = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            cutters.add(new PieceCutter(c, count, new Resampler(format.sampleRateHz(), services.engine().sampleRateHz())));
        }
        return cutters;
    }

    /** One channel's audio at the engine's rate, gathered into pieces that end in pauses. */
    private final class PieceCutter {
        private final int channel;
        private final int channelCount;
        private final Resampler resampler;
        private final int rateHz = services.engine().sampleRateHz();
        private final VoiceActivity voice;
        private float[] piece = new float[rateHz * 8];
        private int pieceLength;
        private long pieceStart;
        private int index;

        PieceCutter(int channel, int channelCount, Resampler resampler) {
            this.channel = channel;
            this.channelCount = channelCount;
            this.resampler = resampler;
            this.voice = new VoiceActivity(rateHz, (int) context.settings().minPause().toMillis());
        }

        void add(float[] samples, int count, Pieces pieces) throws InterruptedException {
            float[] resampled = resampler.process(samples, count);
            int blockSamples = rateHz / 100;
            for (int offset = 0; offset < resampled.length; offset += blockSamples) {
                int length = Math.min(blockSamples, resampled.length - offset);
                append(resampled, offset, length);
                voice.accept(Arrays.copyOfRange(resampled, offset, offset + length), length);
                double seconds = (double) pieceLength / rateHz;
                boolean pause = (double) voice.samplesSinceVoice() / rateHz >= PAUSE_SECONDS;
                if ((seconds >= PIECE_SECONDS && pause) || seconds >= PIECE_MAX_SECONDS) {
                    submit(pieces);
                }
            }
        }

        void finish(Pieces pieces) throws InterruptedException {
            float[] tail = resampler.flush();
            append(tail, 0, tail.length);
            if (pieceLength > 0 || index == 0) {
                submit(pieces);
            }
        }

        private void append(float[] samples, int offset, int length) {
            if (pieceLength + length > piece.length) {
                piece = Arrays.copyOf(piece, Math.max(piece.length * 2, pieceLength + length));
            }
            System.arraycopy(samples, offset, piece, pieceLength, length);
            pieceLength += length;
        }

        private void submit(Pieces pieces) throws InterruptedException {
            float[] samples = Arrays.copyOf(piece, pieceLength);
            double startSeconds = (double) pieceStart / rateHz;
            pieces.submit(channel, index++, () -> transcribe(channel, channelCount, samples, startSeconds));
            pieceStart += pieceLength;
            pieceLength = 0;
        }
    }

    /** One piece through its own recogniser; times moved to the piece's place in the file. */
    private List<ResultsMessage> transcribe(int channel, int channelCount, float[] samples, double startSeconds)
            throws EngineException {
        List<ServerMessage> out = new ArrayList<>();
        ListenOptions options = context.options().withoutStreamingEvents();
        try (EngineStream stream = services.engine().openStream()) {
            // No search per piece: a file's channels are searched whole (FileDocument), across pieces' seams.
            TranscriptAssembler assembler = new TranscriptAssembler(channel, channelCount, context.resultsMetadata(),
                    options, SearchTerms.NONE);
            if (startSeconds > 0) {
                assembler.continuesUnseenAudio(); // a number read across the cut is redacted on both sides
            }
            ChannelTranscriber transcriber = new ChannelTranscriber(channel, channelCount, stream, assembler, out::add,
                    options, context.settings(), services.engine().sampleRateHz());
            transcriber.accept(samples, samples.length);
            transcriber.flush(false);
        }
        List<ResultsMessage> finals = new ArrayList<>();
        for (ServerMessage message : out) {
            if (message instanceof ResultsMessage results && results.isFinal()) {
                finals.add(shift(results, startSeconds));
            }
        }
        return finals;
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

        private record PieceResult(int channel, int index, CompletableFuture<List<ResultsMessage>> finals) {
        }

        interface Work {
            List<ResultsMessage> run() throws EngineException;
        }

        void submit(int channel, int index, Work work) throws InterruptedException {
            slots.acquire();
            CompletableFuture<List<ResultsMessage>> future = new CompletableFuture<>();
            submitted.add(new PieceResult(channel, index, future));
            lanes.newBatchLane().submit(() -> {
                try {
                    if (!future.isCancelled()) {
                        future.complete(work.run());
                    }
                } catch (EngineException | RuntimeException | Error e) {
                    future.completeExceptionally(e);
                } finally {
                    slots.release();
                }
            });
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

        /** On failure, pieces not yet started are skipped. */
        void cancel() {
            submitted.forEach(piece -> piece.finals().cancel(false));
        }
    }
}
