package dev.earshot.server.audio.voice;

import static dev.earshot.server.testing.MadeVoices.utterance;
import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.testing.Fixtures;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Changes of voice between utterances: pitch and bandwidth, on made voices and on the two fixtures' voices. */
@Timeout(30)
class VoiceChangeTest {
    private static final int RATE = 16_000;
    private static final int BLOCK = RATE / 10;

    /** Hears utterances one after another; returns the times (s) where a change was reported. */
    private static List<Double> changes(int rateHz, List<float[]> utterances) {
        VoiceChange voice = new VoiceChange(rateHz);
        List<Double> changes = new ArrayList<>();
        long heard = 0;
        int block = rateHz / 10;
        for (float[] utterance : utterances) {
            for (int offset = 0; offset < utterance.length; offset += block) {
                int count = Math.min(block, utterance.length - offset);
                float[] samples = java.util.Arrays.copyOfRange(utterance, offset, offset + count);
                if (voice.hear(samples, count, offset == 0)) {
                    changes.add((double) (heard + count) / rateHz);
                }
                heard += count;
            }
        }
        return changes;
    }

    @Test
    void aVoiceFarHigherIsAChangeHeardOnceEarlyInItsFirstUtterance() {
        List<float[]> utterances = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            utterances.add(utterance(RATE, 110, 7800));
        }
        utterances.add(utterance(RATE, 180, 7800));
        utterances.add(utterance(RATE, 180, 7800));
        List<Double> changes = changes(RATE, utterances);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).as("within the first 1.5 s of the fourth utterance").isBetween(7.5, 9.5);
    }

    @Test
    void pitchMovingAsOneVoiceDoesIsNoChange() {
        List<float[]> utterances = new ArrayList<>();
        for (double pitch : new double[] {200, 230, 175, 250, 190, 215, 170}) { // a reader's utterances
            utterances.add(utterance(RATE, pitch, 3800));
        }
        assertThat(changes(RATE, utterances)).isEmpty();
    }

    @Test
    void aNarrowbandChannelAfterAWidebandOneIsAChangeAtTheSamePitch() {
        List<float[]> utterances = List.of(utterance(RATE, 150, 7800), utterance(RATE, 150, 7800),
                utterance(RATE, 150, 3800), utterance(RATE, 150, 3800));
        List<Double> changes = changes(RATE, utterances);
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).isBetween(5.0, 6.5);
    }

    @Test
    void nothingIsComparedBeforeTheVoiceIsKnown() {
        float[] short110 = java.util.Arrays.copyOf(utterance(RATE, 110, 7800), RATE / 2); // 0.5 s of voice
        assertThat(changes(RATE, List.of(short110, utterance(RATE, 220, 7800)))).isEmpty();
    }

    @Test
    void pitchAloneTellsVoicesApartAtEightKilohertz() {
        List<Double> changes = changes(8000, List.of(utterance(8000, 110, 3800), utterance(8000, 110, 3800),
                utterance(8000, 170, 3800)));
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).isBetween(5.0, 6.5);
    }

    /** The fixtures: speech-a and speech-b are read by two flite voices; onsets come from the voice tracker. */
    private static List<Double> changesInSpeech(byte[]... wavs) {
        VoiceActivity activity = new VoiceActivity(RATE, 200);
        VoiceChange voice = new VoiceChange(RATE);
        List<Double> changes = new ArrayList<>();
        float[] all = floats(wavs);
        for (int offset = 0; offset + BLOCK <= all.length; offset += BLOCK) {
            float[] block = java.util.Arrays.copyOfRange(all, offset, offset + BLOCK);
            if (voice.hear(block, BLOCK, !activity.accept(block, BLOCK).isEmpty())) {
                changes.add((double) (offset + BLOCK) / RATE);
            }
        }
        return changes;
    }

    private static float[] floats(byte[]... wavs) {
        byte[][] pcms = new byte[wavs.length][];
        for (int i = 0; i < wavs.length; i++) {
            pcms[i] = Fixtures.pcm(wavs[i]);
        }
        ByteBuffer pcm = ByteBuffer.wrap(Fixtures.concat(pcms)).order(ByteOrder.LITTLE_ENDIAN);
        float[] samples = new float[pcm.remaining() / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = pcm.getShort() / 32768f;
        }
        return samples;
    }

    @Test
    void theFixturesTwoVoicesAreTwoAndOneVoiceIsOne() {
        double speechA = Fixtures.seconds(Fixtures.pcm(Fixtures.speechAWav()), 2 * RATE);
        List<Double> changes = changesInSpeech(Fixtures.speechAWav(), Fixtures.speechBWav());
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0)).as("in speech-b's first sentence").isBetween(speechA, speechA + 3);
        assertThat(changesInSpeech(Fixtures.speechAWav(), Fixtures.speechAWav())).isEmpty();
        assertThat(changesInSpeech(Fixtures.speechBWav(), Fixtures.speechBWav())).isEmpty();
    }
}
