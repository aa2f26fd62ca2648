package dev.earshot.server.audio.flac;

import dev.earshot.server.Settings.DecodeLimits;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.stream.PcmSink;
import dev.earshot.server.audio.stream.PullDecoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;
import org.jflac.ChannelData;
import org.jflac.FLACDecoder;
import org.jflac.frame.Frame;
import org.jflac.metadata.StreamInfo;

/**
 * FLAC decoded by jflac as it streams in ({@code encoding=flac} and FLAC files). Not FFmpeg: its FLAC
 * parser waits for about ten frame headers, close to a second of audio, before it gives out any.
 *
 * <p>jflac reads the frames, one at a time ({@code readNextFrame}), and its decoded integers are taken as they
 * are: its own PCM output writes every sample byte by byte into a buffer sized four times too large, which
 * made decoding cost three times what the rest of the pipeline did. jflac trusts its input more than a server
 * can: found by fuzzing, so guarded here.
 * <ul>
 *   <li>metadata blocks other than STREAMINFO reach it as padding ({@link MetadataFilter}): it would
 *       allocate whatever a comment's 32-bit length field says;</li>
 *   <li>the total sample count is cleared after STREAMINFO: past it, jflac stops reading and retries the
 *       same failed frame forever;</li>
 *   <li>once the input has ended or failed, the next read stops the decoder with an {@link Error}: jflac
 *       catches the exceptions of its reads and can retry them forever, at the end of a truncated stream
 *       and after the stream is closed;</li>
 *   <li>STREAMINFO's rate, channels, sample size and block samples are checked against {@link DecodeLimits},
 *       and each frame's block and channels against STREAMINFO's: jflac sizes its buffers from what a frame
 *       header claims, so a stream of frames that lie ends at its first one.</li>
 * </ul>
 */
public final class FlacStream implements PullDecoder.Body {
    /** The sample sizes taken: FLAC's common ones (libFLAC writes 32-bit since 1.4; nothing records it). */
    private static final Set<Integer> SAMPLE_BITS = Set.of(8, 12, 16, 20, 24);

    private final DecodeLimits limits;

    public FlacStream(DecodeLimits limits) {
        this.limits = limits;
    }

    @Override
    public void run(InputStream input, PcmSink output) throws UndecodableAudioException {
        EndOnce guarded = new EndOnce(input);
        FLACDecoder decoder = new FLACDecoder(new MetadataFilter(guarded));
        Frames frames = new Frames(decoder, output);
        try {
            frames.decode();
        } catch (StopDecoding stopped) {
            if (!guarded.endedNormally || !frames.any) {
                throw new UndecodableAudioException("the FLAC data was cut off or corrupt");
            }
            // The stream ended inside a frame: keep what was decoded, as a player would.
        } catch (EOFException truncated) {
            // The stream ended inside a frame: keep what was decoded, as a player would.
        } catch (IOException e) {
            throw new UndecodableAudioException("the FLAC data cannot be decoded (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            throw new UndecodableAudioException("the FLAC data cannot be decoded (" + e + ")");
        }
        if (!frames.any) {
            throw new UndecodableAudioException("the FLAC data holds no audio");
        }
    }

    /** Unwinds jflac past its own catch blocks, which take exceptions, not errors. */
    private static final class StopDecoding extends Error {
        private static final long serialVersionUID = 1L;

        StopDecoding() {
            super("stop decoding", null, false, false);
        }
    }

    /** An input whose end or failure, once reported, is final: the next read stops the decoder. */
    private static final class EndOnce extends InputStream {
        private final InputStream in;
        private boolean over;
        private boolean endedNormally;

        EndOnce(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (over) {
                throw new StopDecoding();
            }
            try {
                int count = in.read(buffer, offset, length);
                over = count < 0;
                endedNormally = over;
                return count;
            } catch (IOException e) {
                over = true;
                throw e;
            }
        }
    }

    /** The stream's frames, each checked, then its decoded integers as floats per channel into the sink. */
    private final class Frames {
        private final FLACDecoder decoder;
        private final PcmSink output;
        private StreamInfo info;
        private boolean any;

        Frames(FLACDecoder decoder, PcmSink output) {
            this.decoder = decoder;
            this.output = output;
        }

        void decode() throws IOException, UndecodableAudioException {
            decoder.readMetadata();
            info = decoder.getStreamInfo();
            if (info == null) {
                throw new UndecodableAudioException("the FLAC data has no stream info");
            }
            check(info);
            info.setTotalSamples(0); // "unknown": jflac then reads to the end (see the class comment)
            Frame frame;
            while ((frame = decoder.readNextFrame()) != null) {
                write(frame);
            }
        }

        private void check(StreamInfo streamInfo) throws UndecodableAudioException {
            limits.checkFormat("the FLAC stream info", streamInfo.getSampleRate(), streamInfo.getChannels());
            if (!SAMPLE_BITS.contains(streamInfo.getBitsPerSample())) {
                throw new UndecodableAudioException("the FLAC stream info declares " + streamInfo.getBitsPerSample()
                        + "-bit samples; this server decodes 8, 12, 16, 20 and 24-bit FLAC");
            }
            long blockSamples = (long) streamInfo.getMaxBlockSize() * streamInfo.getChannels();
            if (blockSamples > limits.maxFlacBlockSamples()) {
                throw new UndecodableAudioException("the FLAC stream info declares blocks of " + streamInfo.getMaxBlockSize()
                        + " frames x " + streamInfo.getChannels() + " channels; this server takes at most "
                        + limits.maxFlacBlockSamples() + " samples");
            }
        }

        private void write(Frame frame) throws UndecodableAudioException {
            int block = frame.header.blockSize;
            int channels = info.getChannels();
            if (block > Math.max(16, info.getMaxBlockSize()) || frame.header.channels != channels) {
                throw new UndecodableAudioException("a FLAC frame declares " + block + " frames of "
                        + frame.header.channels + " channels; its stream info says at most " + info.getMaxBlockSize()
                        + " of " + channels);
            }
            ChannelData[] decoded = decoder.getChannelData();
            float scale = 1f / (1 << (info.getBitsPerSample() - 1));
            // A frame's own arrays, not kept between frames: an idle stream then holds no copy of its largest block.
            float[][] samples = new float[channels][block];
            for (int c = 0; c < channels; c++) {
                int[] ints = decoded[c].getOutput();
                float[] floats = samples[c];
                for (int i = 0; i < block; i++) {
                    floats[i] = ints[i] * scale;
                }
            }
            output.append(samples, block, info.getSampleRate());
            any |= block > 0;
        }
    }
}
