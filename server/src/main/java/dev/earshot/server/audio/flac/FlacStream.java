package dev.earshot.server.audio.flac;

import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.stream.PcmSink;
import dev.earshot.server.audio.stream.PullDecoder;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.jflac.FLACDecoder;
import org.jflac.PCMProcessor;
import org.jflac.metadata.StreamInfo;
import org.jflac.util.ByteData;

/**
 * FLAC decoded by jflac as it streams in ({@code encoding=flac} and FLAC files). Not FFmpeg: its FLAC
 * parser waits for about ten frame headers, close to a second of audio, before it gives out any.
 *
 * <p>jflac trusts its input more than a server can: found by fuzzing, so guarded here.
 * <ul>
 *   <li>metadata blocks other than STREAMINFO reach it as padding ({@link MetadataFilter}): it would
 *       allocate whatever a comment's 32-bit length field says;</li>
 *   <li>the total sample count is cleared after STREAMINFO: past it, jflac stops reading and retries the
 *       same failed frame forever;</li>
 *   <li>once the input has ended or failed, the next read stops the decoder with an {@link Error}: jflac
 *       catches the exceptions of its reads and can retry them forever, at the end of a truncated stream
 *       and after the stream is closed.</li>
 * </ul>
 */
public final class FlacStream implements PullDecoder.Body {
    @Override
    public void run(InputStream input, PcmSink output) throws UndecodableAudioException {
        EndOnce guarded = new EndOnce(input);
        FLACDecoder decoder = new FLACDecoder(new MetadataFilter(guarded));
        Samples samples = new Samples(output);
        decoder.addPCMProcessor(samples);
        try {
            decode(decoder, samples);
        } catch (StopDecoding stopped) {
            if (!guarded.endedNormally || !samples.any) {
                throw new UndecodableAudioException("the FLAC data was cut off or corrupt");
            }
            // The stream ended inside a frame: keep what was decoded, as a player would.
        }
    }

    private static void decode(FLACDecoder decoder, Samples samples) throws UndecodableAudioException {
        try {
            decoder.decode();
        } catch (EOFException truncated) {
            // The stream ended inside a frame: keep what was decoded, as a player would.
        } catch (IOException e) {
            throw new UndecodableAudioException("the FLAC data cannot be decoded (" + e.getMessage() + ")");
        } catch (SinkFailure failure) {
            throw failure.cause;
        } catch (RuntimeException e) {
            throw new UndecodableAudioException("the FLAC data cannot be decoded (" + e + ")");
        }
        if (!samples.any) {
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

    /** Carries a checked failure out of jflac's callback. */
    private static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient UndecodableAudioException cause;

        SinkFailure(UndecodableAudioException cause) {
            super(cause.getMessage(), null, false, false);
            this.cause = cause;
        }
    }

    /** jflac's interleaved little-endian PCM bytes, turned into floats per channel. */
    private static final class Samples implements PCMProcessor {
        private final PcmSink output;
        private StreamInfo info;
        private boolean any;

        Samples(PcmSink output) {
            this.output = output;
        }

        @Override
        public void processStreamInfo(StreamInfo streamInfo) {
            streamInfo.setTotalSamples(0); // "unknown": jflac then reads to the end (see the class comment)
            this.info = streamInfo;
        }

        @Override
        public void processPCM(ByteData pcm) {
            if (info == null) {
                throw new UncheckedIOException(new IOException("FLAC audio before its stream info"));
            }
            int channels = info.getChannels();
            int bytesPerSample = (info.getBitsPerSample() + 7) / 8;
            int frames = pcm.getLen() / (bytesPerSample * channels);
            float[][] out = new float[channels][frames];
            byte[] data = pcm.getData();
            float scale = 1f / (1L << (bytesPerSample * 8 - 1));
            int shift = 32 - 8 * bytesPerSample;
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    int at = (i * channels + c) * bytesPerSample;
                    int value = 0;
                    for (int b = 0; b < bytesPerSample; b++) {
                        value |= (data[at + b] & 0xFF) << (8 * b);
                    }
                    out[c][i] = ((value << shift) >> shift) * scale;
                }
            }
            try {
                output.append(out, frames, info.getSampleRate());
                any |= frames > 0;
            } catch (UndecodableAudioException e) {
                throw new SinkFailure(e);
            }
        }
    }
}
