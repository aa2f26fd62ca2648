package dev.earshot.server.session.file;

import dev.earshot.server.Settings;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.DecodeBudget;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.PcmSource;
import dev.earshot.server.audio.Resampler;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.voice.VoiceActivity;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A file's audio read a block per {@link #step()}: decoded, mixed down or kept apart per channel, resampled
 * to the engine's rate and cut into pieces of about {@link #PIECE_SECONDS} that end in pauses. Each step is
 * small (a block of decoded audio) and charged to the file's {@link DecodeBudget}, so it can run on a batch
 * lane between live streams' work. One lane at a time.
 */
final class FileReading {
    /** Long enough that cuts are rare (each restarts the engine's adaptation), short enough to spread a file over cores. */
    static final double PIECE_SECONDS = 30;
    /** Continuous speech is cut here wherever it is: a piece must end. */
    static final double PIECE_MAX_SECONDS = 45;
    /** A pause this long is where a piece may end. */
    static final double PAUSE_SECONDS = 0.2;

    /** A stretch of one channel's audio at the engine's rate, and where it starts in the file. */
    record Piece(int channel, int channelCount, int index, float[] samples, double startSeconds) {
    }

    private final PcmSource source;
    private final DecodeBudget budget;
    private final boolean multichannel;
    private final int engineRateHz;
    private final Settings settings;
    private List<PieceCutter> cutters;
    private AudioFormat format;
    private long frames;

    FileReading(PcmSource source, DecodeBudget budget, boolean multichannel, int engineRateHz, Settings settings) {
        this.source = source;
        this.budget = budget;
        this.multichannel = multichannel;
        this.engineRateHz = engineRateHz;
        this.settings = settings;
    }

    /** Whether the file is read to its end; then {@link #finish()} gives the last pieces. */
    boolean done() {
        return source.exhausted();
    }

    /** Reads the next block; @return the pieces it completed, in order */
    List<Piece> step() throws UndecodableAudioException {
        long laneCpuAtStart = DecodeBudget.currentThreadCpuNanos();
        long decoderCpuAtStart = source.ownThreadCpuNanos();
        long readAtStart = source.bytesRead();
        PcmBlock block = source.next();
        List<Piece> completed = new ArrayList<>();
        if (block.frames() > 0) {
            if (cutters == null) {
                open(source.format().orElseThrow());
            }
            frames += block.frames();
            if (multichannel) {
                for (int c = 0; c < cutters.size(); c++) {
                    cutters.get(c).add(block.channels()[c], block.frames(), completed);
                }
            } else {
                cutters.get(0).add(block.mixdown(), block.frames(), completed);
            }
        }
        budget.received(source.bytesRead() - readAtStart);
        long cpu = DecodeBudget.currentThreadCpuNanos() - laneCpuAtStart + source.ownThreadCpuNanos() - decoderCpuAtStart;
        budget.charge(cpu, block.frames(), format == null ? 0 : format.sampleRateHz());
        return completed;
    }

    /** After the last block: each channel's last piece. */
    List<Piece> finish() throws UndecodableAudioException {
        if (cutters == null) {
            String why = source.incompleteInput().map(reason -> ": " + reason).orElse("");
            throw new UndecodableAudioException("the " + budget.bytesIn() + " bytes decoded to no audio" + why);
        }
        List<Piece> last = new ArrayList<>();
        for (PieceCutter cutter : cutters) {
            cutter.finish(last);
        }
        return last;
    }

    double durationSeconds() {
        return format == null ? 0 : (double) frames / format.sampleRateHz();
    }

    int channels() {
        return format == null ? 0 : format.channels();
    }

    /** Channels transcribed: each one apart with multichannel, else one mixed down. */
    int transcribedChannels() {
        return cutters == null ? 0 : cutters.size();
    }

    private void open(AudioFormat decoded) {
        format = decoded;
        int count = multichannel ? decoded.channels() : 1;
        cutters = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            cutters.add(new PieceCutter(c, count, new Resampler(decoded.sampleRateHz(), engineRateHz)));
        }
    }

    /** One channel's audio at the engine's rate, gathered into pieces that end in pauses. */
    private final class PieceCutter {
        private final int channel;
        private final int channelCount;
        private final Resampler resampler;
        private final VoiceActivity voice;
        private float[] piece = new float[engineRateHz * 8];
        private int pieceLength;
        private long pieceStart;
        private int index;

        PieceCutter(int channel, int channelCount, Resampler resampler) {
            this.channel = channel;
            this.channelCount = channelCount;
            this.resampler = resampler;
            this.voice = new VoiceActivity(engineRateHz, (int) settings.minPause().toMillis());
        }

        void add(float[] samples, int count, List<Piece> completed) {
            float[] resampled = resampler.process(samples, count);
            int blockSamples = engineRateHz / 100;
            for (int offset = 0; offset < resampled.length; offset += blockSamples) {
                int length = Math.min(blockSamples, resampled.length - offset);
                append(resampled, offset, length);
                voice.accept(Arrays.copyOfRange(resampled, offset, offset + length), length);
                double seconds = (double) pieceLength / engineRateHz;
                boolean pause = (double) voice.samplesSinceVoice() / engineRateHz >= PAUSE_SECONDS;
                if ((seconds >= PIECE_SECONDS && pause) || seconds >= PIECE_MAX_SECONDS) {
                    completed.add(cut());
                }
            }
        }

        void finish(List<Piece> completed) {
            float[] tail = resampler.flush();
            append(tail, 0, tail.length);
            if (pieceLength > 0 || index == 0) {
                completed.add(cut());
            }
        }

        private void append(float[] samples, int offset, int length) {
            if (pieceLength + length > piece.length) {
                piece = Arrays.copyOf(piece, Math.max(piece.length * 2, pieceLength + length));
            }
            System.arraycopy(samples, offset, piece, pieceLength, length);
            pieceLength += length;
        }

        private Piece cut() {
            Piece cut = new Piece(channel, channelCount, index++, Arrays.copyOf(piece, pieceLength),
                    (double) pieceStart / engineRateHz);
            pieceStart += pieceLength;
            pieceLength = 0;
            return cut;
        }
    }
}
