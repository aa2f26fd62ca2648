package dev.earshot.bench.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the speech is in a recording, by a plain energy threshold over 10 ms windows. Run once per fixture
 * at startup: it gives the speech onsets that first-partial latency is measured from, and the sentence
 * boundaries where a programme may be cut.
 */
public final class SpeechActivity {
    static final int WINDOW_MS = 10;
    /**
     * -40 dBFS RMS. The fixtures' pauses are near-digital silence (RMS under 10 of 32768) and their speech
     * sits 20-30 dB above this, so the exact figure barely moves an onset (±10 ms between -50 and -30 dBFS).
     */
    static final double THRESHOLD_RMS = 32768 * Math.pow(10, -40 / 20.0);
    /**
     * Quiet shorter than this stays inside an utterance: speech-b pauses 150 ms within sentences, while the
     * fixtures' sentences are at least 300 ms apart.
     */
    static final int MIN_GAP_MS = 250;

    private SpeechActivity() {
    }

    /** The utterances in linear16 mono audio, in order. */
    public static List<Utterance> utterances(byte[] pcm, int sampleRateHz) {
        ByteBuffer samples = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        int window = sampleRateHz * WINDOW_MS / 1000;
        int windows = pcm.length / 2 / window;
        int gapWindows = MIN_GAP_MS / WINDOW_MS;
        List<Utterance> found = new ArrayList<>();
        int start = -1;
        int lastLoud = -1;
        for (int w = 0; w < windows; w++) {
            if (rms(samples, w * window, window) > THRESHOLD_RMS) {
                if (start < 0) {
                    start = w;
                }
                lastLoud = w;
            } else if (start >= 0 && w - lastLoud >= gapWindows) {
                found.add(utterance(start, lastLoud));
                start = -1;
            }
        }
        if (start >= 0) {
            found.add(utterance(start, lastLoud));
        }
        return found;
    }

    private static Utterance utterance(int firstWindow, int lastWindow) {
        return new Utterance(firstWindow * WINDOW_MS / 1000.0, (lastWindow + 1) * WINDOW_MS / 1000.0);
    }

    private static double rms(ByteBuffer samples, int first, int count) {
        double sum = 0;
        for (int i = first; i < first + count; i++) {
            double sample = samples.getShort(i * 2);
            sum += sample * sample;
        }
        return Math.sqrt(sum / count);
    }
}
