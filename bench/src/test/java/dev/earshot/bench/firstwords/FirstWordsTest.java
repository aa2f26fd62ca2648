package dev.earshot.bench.firstwords;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.earshot.bench.audio.Fixture;
import dev.earshot.bench.audio.Utterance;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.engine.ModelDescription;
import dev.earshot.server.transcript.RecognizedWord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The floor is measured from the right block with the right pre-roll, and only a word the engine names
 * after the onset counts. A stand-in engine names a word once it has heard a set amount of speech.
 */
@Timeout(60)
class FirstWordsTest {
    private static final int RATE = 16_000;

    /** Quiet 0-1 s, speech 1-2 s, quiet 2-3 s, speech 3-4 s, quiet to 4.5 s. */
    private static Fixture twoUtterances() {
        double[][] speech = {{1.0, 2.0}, {3.0, 4.0}};
        short[] samples = new short[(int) (4.5 * RATE)];
        for (double[] span : speech) {
            for (int i = (int) (span[0] * RATE); i < (int) (span[1] * RATE); i++) {
                samples[i] = 8000;
            }
        }
        ByteBuffer pcm = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        pcm.asShortBuffer().put(samples);
        return new Fixture("two", RATE, pcm.array(), List.of(new Utterance(1.0, 2.0), new Utterance(3.0, 4.0)),
                List.of("one", "two"));
    }

    @Test
    void theLatencyIsTheAudioAfterTheOnsetsBlockUntilTheBlockWithTheWord() throws Exception {
        SpeechCountingEngine engine = new SpeechCountingEngine(300, false);
        FirstWords.Result result = new FirstWords(engine, 500, 300).measure(List.of(twoUtterances()));
        // 300 ms of speech from 1.0 s: the word shows after the block ending at 1.3 s; the onset's block ends at 1.1 s.
        assertThat(result.latencyMs().count()).isEqualTo(2);
        assertThat(result.latencyMs().p50()).isEqualTo(200.0);
        assertThat(result.latencyMs().max()).isEqualTo(200.0);
        assertThat(result.utterancesByLatency()).containsExactly(entry(200, 2));
        assertThat(result.missed()).isZero();
        assertThat(result.utterances()).isEqualTo(2);
        // Each segment starts 500 ms before its onset's block; the second one after the endpointing time too.
        assertThat(engine.segmentStarts).containsExactly(0.5, 2.5);
        assertThat(engine.liveStreams()).isZero();
    }

    @Test
    void aPauseShorterThanEndpointingAndPreRollLeavesLessPreRoll() throws Exception {
        SpeechCountingEngine engine = new SpeechCountingEngine(300, false);
        new FirstWords(engine, 500, 800).measure(List.of(twoUtterances()));
        // The second segment may start only at 2.0 + 0.8 s: 200 ms before the onset's block.
        assertThat(engine.segmentStarts).containsExactly(0.5, 2.8);
    }

    @Test
    void aWordHeardInThePreRollDoesNotCountForTheUtterance() throws Exception {
        SpeechCountingEngine engine = new SpeechCountingEngine(300, true);
        FirstWords.Result result = new FirstWords(engine, 500, 300).measure(List.of(twoUtterances()));
        assertThat(result.latencyMs().count()).isEqualTo(2);
        assertThat(result.latencyMs().p50()).isEqualTo(200.0);
    }

    @Test
    void anUtteranceWithNoWordBeforeTheNextOnsetIsMissed() throws Exception {
        SpeechCountingEngine engine = new SpeechCountingEngine(1500, false);
        FirstWords.Result result = new FirstWords(engine, 500, 300).measure(List.of(twoUtterances()));
        assertThat(result.missed()).isEqualTo(2);
        assertThat(result.latencyMs().count()).isZero();
        assertThat(result.utterancesByLatency()).isEmpty();
        assertThat(result.fixtures()).singleElement().satisfies(fixture -> assertThat(fixture.missed()).isEqualTo(2));
    }

    /** Names a word once a segment has taken {@code wordAfterMs} of non-zero audio; optionally a noise word at once. */
    private static final class SpeechCountingEngine implements Engine {
        private final int wordAfterSamples;
        private final boolean noiseWord;
        final List<Double> segmentStarts = new ArrayList<>();
        private int live;

        SpeechCountingEngine(int wordAfterMs, boolean noiseWord) {
            this.wordAfterSamples = wordAfterMs * RATE / 1000;
            this.noiseWord = noiseWord;
        }

        @Override
        public int sampleRateHz() {
            return RATE;
        }

        @Override
        public ModelDescription model() {
            return new ModelDescription("", "scripted", "1", "test", "en");
        }

        @Override
        public EngineStream openStream() {
            live++;
            return new EngineStream() {
                private long position;
                private boolean inUtterance;
                private int speechHeard;

                @Override
                public boolean accept(short[] samples, int count) {
                    if (!inUtterance) {
                        inUtterance = true;
                        speechHeard = 0;
                        segmentStarts.add(position / (double) RATE);
                    }
                    for (int i = 0; i < count; i++) {
                        speechHeard += samples[i] != 0 ? 1 : 0;
                    }
                    position += count;
                    return false;
                }

                @Override
                public void skip(int count) {
                    position += count;
                }

                @Override
                public boolean inUtterance() {
                    return inUtterance;
                }

                @Override
                public List<RecognizedWord> partial() {
                    List<RecognizedWord> words = new ArrayList<>();
                    if (noiseWord) {
                        words.add(new RecognizedWord("uh", 0, 0, 0.5));
                    }
                    if (speechHeard >= wordAfterSamples) {
                        words.add(new RecognizedWord("word", 0, 0, 0.5));
                    }
                    return words;
                }

                @Override
                public List<RecognizedWord> endSegment() {
                    inUtterance = false;
                    return List.of();
                }

                @Override
                public void close() {
                    live--;
                }
            };
        }

        @Override
        public int liveStreams() {
            return live;
        }

        @Override
        public void close() {
        }
    }
}
