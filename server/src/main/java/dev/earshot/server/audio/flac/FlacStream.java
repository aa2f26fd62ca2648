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
 */
public final class FlacStream implements PullDecoder.Body {
    @Override
    public void run(InputStream input, PcmSink output) throws UndecodableAudioException {
        FLACDecoder decoder = new FLACDecoder(input);
        Samples samples = new Samples(output);
        decoder.addPCMProcessor(samples);
        try {
            decoder.decode();
        } catch (EOFException truncated) {
            // The stream ended inside a frame: keep what was decoded, as a player would.
        } catch (IOException e) {
            throw new UndecodableAudioException("the FLAC data cannot be decoded (" + e.getMessage() + ")");
        } catch (SinkFailure failure) {
            throw failure.cause;
        }
        if (!samples.any) {
            throw new UndecodableAudioException("the FLAC data holds no audio");
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
            for (int i = 0; i < frames; i++) {
                for (int c = 0; c < channels; c++) {
                    int at = (i * channels + c) * bytesPerSample;
                    int value = 0;
                    for (int b = 0; b < bytesPerSample; b++) {
                        value |= (data[at + b] & 0xFF) << (8 * b);
                    }
                    int shift = 32 - 8 * bytesPerSample;
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
