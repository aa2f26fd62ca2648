package dev.earshot.server.testing;

/** Voices made of harmonics, whose pitch and bandwidth a test chooses: for hearing changes of voice. */
public final class MadeVoices {
    private MadeVoices() {
    }

    /**
     * Two seconds of a made voice: harmonics of {@code pitchHz} (amplitude 1/k) up to {@code bandHz}, in
     * 200 ms syllables with a little vibrato, then 500 ms of silence.
     */
    public static float[] utterance(int rateHz, double pitchHz, double bandHz) {
        float[] samples = new float[rateHz * 5 / 2];
        double phase = 0;
        for (int i = 0; i < rateHz * 2; i++) {
            double t = (double) i / rateHz;
            double f0 = pitchHz * (1 + 0.03 * Math.sin(2 * Math.PI * 5 * t));
            phase += 2 * Math.PI * f0 / rateHz;
            double envelope = Math.sin(Math.PI * (t % 0.2) / 0.2);
            double value = 0;
            for (int k = 1; k * pitchHz < bandHz; k++) {
                value += Math.sin(k * phase) / k;
            }
            samples[i] = (float) (0.1 * envelope * value);
        }
        return samples;
    }
}
