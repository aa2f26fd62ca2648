package dev.earshot.server.audio.voice;

/**
 * What {@link VoiceChange} measures of one frame of speech: its level, its pitch and how much of its energy
 * lies above 4 kHz. Cheap on purpose (a few tens of thousands of multiplications a frame, 50 frames a second
 * of speech), since the engine is the budget.
 */
final class FrameMeasures {
    /** Pitch is looked for at about 8 kHz (the rate decimated by a whole factor): 60 to 400 Hz are lags 20 to 133. */
    private static final int PITCH_RATE_HZ = 8000;
    private static final int MIN_PITCH_HZ = 60;
    private static final int MAX_PITCH_HZ = 400;
    /** A frame is voiced when it correlates this well with itself one pitch period later. */
    private static final double VOICED_CORRELATION = 0.5;
    private static final double HIGH_BAND_HZ = 4000;
    private static final int LOW_PASS_TAPS = 31;

    private final int decimation;
    /** The rate after decimation: 8 kHz from the engine's 16 kHz or 8 kHz. */
    private final int pitchRateHz;
    private final float[] decimated;
    /** Null when the rate has no band above 4 kHz to measure. */
    private final double[] lowPass;

    FrameMeasures(int sampleRateHz) {
        this.decimation = Math.max(1, sampleRateHz / PITCH_RATE_HZ);
        this.pitchRateHz = sampleRateHz / decimation;
        this.decimated = new float[sampleRateHz * VoiceChange.WINDOW_MS / 1000 / decimation];
        this.lowPass = sampleRateHz > 2 * HIGH_BAND_HZ ? lowPass(HIGH_BAND_HZ / sampleRateHz) : null;
    }

    static double levelDb(float[] frame) {
        double energy = 0;
        for (float sample : frame) {
            energy += sample * sample;
        }
        return 10 * Math.log10(energy / frame.length + 1e-12);
    }

    /** The frame's pitch as log2 of hertz, by autocorrelation; NaN when it is not voiced. */
    double log2Pitch(float[] frame) {
        double mean = 0;
        for (int i = 0; i < decimated.length; i++) {
            float sum = 0;
            for (int j = 0; j < decimation; j++) {
                sum += frame[i * decimation + j];
            }
            decimated[i] = sum / decimation;
            mean += decimated[i];
        }
        mean /= decimated.length;
        double zeroLag = 0;
        for (int i = 0; i < decimated.length; i++) {
            decimated[i] -= (float) mean;
            zeroLag += decimated[i] * decimated[i];
        }
        int bestLag = -1;
        double best = VOICED_CORRELATION * zeroLag;
        for (int lag = pitchRateHz / MAX_PITCH_HZ; lag <= pitchRateHz / MIN_PITCH_HZ; lag++) {
            double sum = 0;
            for (int i = 0; i + lag < decimated.length; i++) {
                sum += decimated[i] * decimated[i + lag];
            }
            if (sum > best) {
                best = sum;
                bestLag = lag;
            }
        }
        return bestLag < 0 || zeroLag <= 0 ? Double.NaN : Math.log((double) pitchRateHz / bestLag) / Math.log(2);
    }

    /** Energy above 4 kHz against the frame's, in dB; 0 when the rate has no such band. */
    double highBandDb(float[] frame) {
        if (lowPass == null) {
            return 0;
        }
        int half = LOW_PASS_TAPS / 2;
        double high = 0;
        double all = 1e-12;
        for (int i = half; i < frame.length - half; i++) {
            double low = 0;
            for (int k = 0; k < LOW_PASS_TAPS; k++) {
                low += lowPass[k] * frame[i + k - half];
            }
            high += (frame[i] - low) * (frame[i] - low);
            all += frame[i] * frame[i];
        }
        return 10 * Math.log10(high / all + 1e-9);
    }

    /** A windowed-sinc low-pass filter, cut at {@code cutoff} of the sampling rate. */
    private static double[] lowPass(double cutoff) {
        double[] taps = new double[LOW_PASS_TAPS];
        int half = LOW_PASS_TAPS / 2;
        for (int n = -half; n <= half; n++) {
            double x = 2 * cutoff * n;
            double sinc = n == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
            double hamming = 0.54 + 0.46 * Math.cos(Math.PI * n / half);
            taps[n + half] = 2 * cutoff * sinc * hamming;
        }
        return taps;
    }
}
