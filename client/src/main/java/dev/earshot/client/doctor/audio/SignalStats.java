package dev.earshot.client.doctor.audio;

/**
 * Cheap statistics that tell speech from noise and one channel from two, without decoding speech.
 *
 * <p>Neighbouring samples of real audio are alike: the lag-1 correlation of speech is 0.6–0.95 at telephone
 * to wideband rates, while bytes read the wrong way (μ-law as 16-bit, the wrong byte order) give noise near 0.
 * Two interleaved channels read as one show as pairs: the two samples of one frame (same instant) are closer
 * than the samples across frames, or, for unrelated channels, every other sample correlates better than the
 * next one.
 *
 * @param correlation1        normalised autocorrelation at lag 1
 * @param correlation2        normalised autocorrelation at lag 2
 * @param pairDifferenceRatio mean |x[2k+1] − x[2k]| over mean |x[2k+2] − x[2k+1]|: about 1 for one channel
 * @param rmsDbfs             loudness, dB below full scale
 */
public record SignalStats(double correlation1, double correlation2, double pairDifferenceRatio, double rmsDbfs) {
    /** Below this the signal is noise (or silence) rather than audio read the right way. */
    static final double AUDIO_CORRELATION = 0.5;
    static final double IMPLAUSIBLY_LOUD_DBFS = -10;

    public static SignalStats of(double[] samples) {
        int n = samples.length;
        double mean = 0;
        for (double sample : samples) {
            mean += sample;
        }
        mean /= Math.max(1, n);
        double energy = 0;
        double lag1 = 0;
        double lag2 = 0;
        double within = 0;
        double across = 0;
        for (int i = 0; i < n; i++) {
            double x = samples[i] - mean;
            energy += x * x;
            if (i + 1 < n) {
                double next = samples[i + 1] - mean;
                lag1 += x * next;
                if ((i & 1) == 0) {
                    within += Math.abs(next - x);
                } else {
                    across += Math.abs(next - x);
                }
            }
            if (i + 2 < n) {
                lag2 += x * (samples[i + 2] - mean);
            }
        }
        double rms = Math.sqrt(energy / Math.max(1, n));
        return new SignalStats(energy == 0 ? 0 : lag1 / energy, energy == 0 ? 0 : lag2 / energy,
                across == 0 ? 1 : within / across, rms == 0 ? -120 : 20 * Math.log10(rms));
    }

    /**
     * How much these samples look like real audio: the better of the lag-1 and lag-2 correlations, less a
     * penalty for loudness no recording has. μ-law bytes read as 16-bit samples are smooth too (the codes of
     * a smooth signal change smoothly: correlation 0.67 on the fixture) but sit at −5 dBFS RMS, where speech
     * is −15 to −35.
     */
    public double audioLikeness() {
        return Math.max(correlation1, correlation2) - (rmsDbfs > IMPLAUSIBLY_LOUD_DBFS ? 0.3 : 0);
    }

    public boolean looksLikeAudio() {
        return audioLikeness() > AUDIO_CORRELATION;
    }

    /** Whether these samples, read as one channel, are really two interleaved ones. */
    public boolean looksLikeInterleavedChannels() {
        return pairDifferenceRatio < 0.6 || correlation2 - correlation1 > 0.3;
    }

    public boolean isSilent() {
        return rmsDbfs < -70;
    }
}
