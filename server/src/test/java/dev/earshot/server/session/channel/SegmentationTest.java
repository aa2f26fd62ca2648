package dev.earshot.server.session.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.earshot.server.audio.voice.VoiceActivity;
import dev.earshot.server.session.channel.Segmentation.Cut;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each kind of cut, on sound the voice tracker hears as speech and on silence, in 100 ms blocks. */
@Timeout(10)
class SegmentationTest {
    private static final int RATE = 16_000;
    private static final int BLOCK = 1_600;
    private static final float[] SILENCE = new float[BLOCK];

    /**
     * 100 ms like a syllable: 80 ms of a 220 Hz tone, then 20 ms of silence, a gap too short to be a dip
     * (a steady tone without gaps would be a hum to the voice tracker).
     */
    private static final float[] SYLLABLE = syllable(1280);

    private static float[] syllable(int voicedSamples) {
        float[] block = new float[BLOCK];
        for (int i = 0; i < voicedSamples; i++) {
            block[i] = (float) (0.3 * Math.sin(2 * Math.PI * 220 * i / RATE));
        }
        return block;
    }

    /** Endpointing 300 ms, release after 10 s of quiet, long finals cut at 15 s in a dip, at 20 s anywhere. */
    private static Segmentation segmentation(double endpointSec) {
        return new Segmentation(new VoiceActivity(RATE, 200), RATE, endpointSec, 10.0, 15.0, 20.0);
    }

    /** Hears the blocks (none held, the engine finding no pause) and returns the cut after each. */
    private static List<Cut> play(Segmentation segmentation, float[] block, int count) {
        List<Cut> cuts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            segmentation.hear(block, BLOCK);
            cuts.add(segmentation.cutAfter(false, false));
        }
        return cuts;
    }

    @Test
    void theEnginesOwnPauseIsACutWhateverTheVoiceTrackerHears() {
        Segmentation segmentation = segmentation(0.3);
        segmentation.hear(SYLLABLE, BLOCK);
        assertThat(segmentation.cutAfter(true, false)).isEqualTo(Cut.ENGINE_PAUSE);
    }

    @Test
    void quietAfterSpeechEndsItOnceItHasLastedTheEndpointingTime() {
        Segmentation segmentation = segmentation(0.3);
        assertThat(play(segmentation, SYLLABLE, 10)).containsOnly(Cut.NONE);
        // The last syllable's 20 ms of silence count: 300 ms of quiet are complete in the third silent block.
        assertThat(play(segmentation, SILENCE, 3)).containsExactly(Cut.NONE, Cut.NONE, Cut.ENDPOINT);
        segmentation.finalSent(1.3);
        assertThat(play(segmentation, SILENCE, 5)).as("said once: the final's span heard no speech since")
                .containsOnly(Cut.NONE);
    }

    @Test
    void withoutEndpointingQuietIsNoCut() {
        Segmentation segmentation = segmentation(0);
        play(segmentation, SYLLABLE, 10);
        assertThat(play(segmentation, SILENCE, 20)).containsOnly(Cut.NONE);
        assertThat(segmentation.endpointing()).isFalse();
    }

    @Test
    void tenSecondsOfQuietReleaseTheRecogniserOnce() {
        Segmentation segmentation = segmentation(0);
        play(segmentation, SYLLABLE, 10);
        List<Cut> cuts = play(segmentation, SILENCE, 120);
        // Quiet since the last voiced frame, 20 ms before the 10th block ended: 10 s in the 100th silent block.
        assertThat(cuts.indexOf(Cut.RELEASE)).isEqualTo(99);
        assertThat(cuts.stream().filter(cut -> cut == Cut.RELEASE)).hasSize(1);
    }

    @Test
    void noReleaseWhileAFinalWaitsForEndpointing() {
        Segmentation segmentation = segmentation(0);
        play(segmentation, SYLLABLE, 10);
        for (int i = 0; i < 120; i++) {
            segmentation.hear(SILENCE, BLOCK);
            assertThat(segmentation.cutAfter(false, true)).isEqualTo(Cut.NONE);
        }
    }

    @Test
    void longSpeechIsCutInItsFirstDipAfterTheSoftLimit() {
        Segmentation segmentation = segmentation(0.3);
        assertThat(play(segmentation, SYLLABLE, 150)).as("15 s without a dip").containsOnly(Cut.NONE);
        assertThat(play(segmentation, SYLLABLE, 10)).as("past the soft limit, still no dip").containsOnly(Cut.NONE);
        float[] dip = syllable(1100); // 31 ms of silence at its end
        segmentation.hear(dip, BLOCK);
        assertThat(segmentation.cutAfter(false, false)).isEqualTo(Cut.SOFT_LIMIT);
    }

    @Test
    void longSpeechWithoutADipIsCutAtTheHardLimit() {
        Segmentation segmentation = segmentation(0.3);
        List<Cut> cuts = play(segmentation, SYLLABLE, 205);
        assertThat(cuts.indexOf(Cut.HARD_LIMIT)).as("the block that ends the 20th second").isEqualTo(199);
        segmentation.finalSent(20.5);
        assertThat(play(segmentation, SYLLABLE, 10)).as("the next final's span starts afresh").containsOnly(Cut.NONE);
    }

    @Test
    void theEndpointCoversABlockOnlyWhenItsQuietDoes() {
        Segmentation segmentation = segmentation(0.3);
        play(segmentation, SYLLABLE, 10);
        play(segmentation, SILENCE, 2);
        segmentation.hear(SILENCE, BLOCK);
        assertThat(segmentation.endpointCoversBlock(BLOCK)).isTrue();

        Segmentation longBlocks = segmentation(0.3);
        play(longBlocks, SYLLABLE, 10);
        float[] speechThenQuiet = new float[4 * BLOCK]; // 400 ms: 80 ms of speech, then 320 ms of quiet
        System.arraycopy(SYLLABLE, 0, speechThenQuiet, 0, BLOCK);
        longBlocks.hear(speechThenQuiet, speechThenQuiet.length);
        assertThat(longBlocks.endpointDue()).isTrue();
        assertThat(longBlocks.endpointCoversBlock(speechThenQuiet.length)).as("the block began in speech").isFalse();
    }
}
