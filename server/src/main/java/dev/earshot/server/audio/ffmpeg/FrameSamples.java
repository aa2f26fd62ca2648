package dev.earshot.server.audio.ffmpeg;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.av_get_packed_sample_fmt;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;

import dev.earshot.server.audio.UndecodableAudioException;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.ShortPointer;

/**
 * The samples of a decoded {@link AVFrame} as floats in [-1, 1], one array per channel, whatever the
 * decoder's sample format (planar or packed; u8, s16, s32, float, double). Resampling and channel mixing
 * happen later, in Java, like for every other format.
 */
final class FrameSamples {
    private FrameSamples() {
    }

    static float[][] of(AVFrame frame) throws UndecodableAudioException {
        int channels = frame.ch_layout().nb_channels();
        int count = frame.nb_samples();
        if (channels < 1 || count < 0) {
            throw new UndecodableAudioException("the decoder produced a frame with " + channels + " channels");
        }
        boolean planar = av_sample_fmt_is_planar(frame.format()) != 0;
        int packed = av_get_packed_sample_fmt(frame.format());
        float[][] out = new float[channels][count];
        if (planar) {
            for (int c = 0; c < channels; c++) {
                float[] plane = read(frame.extended_data(c), packed, count);
                System.arraycopy(plane, 0, out[c], 0, count);
            }
        } else {
            float[] interleaved = read(frame.extended_data(0), packed, count * channels);
            for (int i = 0; i < count; i++) {
                for (int c = 0; c < channels; c++) {
                    out[c][i] = interleaved[i * channels + c];
                }
            }
        }
        return out;
    }

    private static float[] read(BytePointer data, int format, int count) throws UndecodableAudioException {
        float[] out = new float[count];
        if (format == AV_SAMPLE_FMT_FLT) {
            new FloatPointer(data).get(out, 0, count);
            for (int i = 0; i < count; i++) {
                out[i] = Float.isNaN(out[i]) ? 0f : Math.max(-1f, Math.min(1f, out[i]));
            }
        } else if (format == AV_SAMPLE_FMT_S16) {
            short[] samples = new short[count];
            new ShortPointer(data).get(samples, 0, count);
            for (int i = 0; i < count; i++) {
                out[i] = samples[i] / 32768f;
            }
        } else if (format == AV_SAMPLE_FMT_S32) {
            int[] samples = new int[count];
            new IntPointer(data).get(samples, 0, count);
            for (int i = 0; i < count; i++) {
                out[i] = samples[i] / 2147483648f;
            }
        } else if (format == AV_SAMPLE_FMT_DBL) {
            double[] samples = new double[count];
            new DoublePointer(data).get(samples, 0, count);
            for (int i = 0; i < count; i++) {
                double value = Double.isNaN(samples[i]) ? 0 : Math.max(-1, Math.min(1, samples[i]));
                out[i] = (float) value;
            }
        } else if (format == AV_SAMPLE_FMT_U8) {
            byte[] samples = new byte[count];
            data.get(samples, 0, count);
            for (int i = 0; i < count; i++) {
                out[i] = ((samples[i] & 0xFF) - 128) / 128f;
            }
        } else {
            throw new UndecodableAudioException("the decoder produced an unsupported sample format (" + format + ")");
        }
        return out;
    }
}
