package dev.earshot.server.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.earshot.server.testing.Fixtures;
import dev.earshot.server.testing.SharedEngine;
import dev.earshot.server.transcript.RecognizedWord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The real engine's recogniser pool: a recogniser serves one stream's segment, then another stream's, and
 * each stream's word times stay its own (skipped audio included); nothing of one stream reaches another.
 */
@Timeout(120)
class VoskEngineTest {
    private static VoskEngine engine;
    private static short[] speech;

    @BeforeAll
    static void load() throws Exception {
        engine = VoskEngine.load(SharedEngine.modelDir(), "en", 1);
        speech = samples(Fixtures.speechAWav());
    }

    private static short[] samples(byte[] wav) {
        byte[] pcm = Fixtures.pcm(wav);
        short[] samples = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    /** Feeds speech-a in 100 ms blocks and collects every final word, ending segments where Vosk does. */
    private static List<RecognizedWord> transcribe(EngineStream stream) throws EngineException {
        List<RecognizedWord> words = new ArrayList<>();
        for (int offset = 0; offset < speech.length; offset += 1600) {
            int count = Math.min(1600, speech.length - offset);
            short[] block = new short[count];
            System.arraycopy(speech, offset, block, 0, count);
            if (stream.accept(block, count)) {
                words.addAll(stream.endSegment());
            }
        }
        words.addAll(stream.endSegment());
        return words;
    }

    @Test
    void utterancesEndedAtTheEnginesPausesGiveTheWordsVoskGivesItsOwnUsers() throws Exception {
        short[] audio = new short[speech.length * 2 + 16_000]; // speech-a, a second of silence, speech-a again
        System.arraycopy(speech, 0, audio, 0, speech.length);
        System.arraycopy(speech, 0, audio, speech.length + 16_000, speech.length);
        List<String> expected = new ArrayList<>();
        try (org.vosk.Model model = new org.vosk.Model(SharedEngine.modelDir().toString());
             org.vosk.Recognizer raw = new org.vosk.Recognizer(model, 16_000)) {
            raw.setWords(true);
            for (int offset = 0; offset < audio.length; offset += 1600) {
                int count = Math.min(1600, audio.length - offset);
                if (raw.acceptWaveForm(java.util.Arrays.copyOfRange(audio, offset, offset + count), count)) {
                    expected.addAll(texts(raw.getResult()));
                }
            }
            expected.addAll(texts(raw.getFinalResult()));
        }

        List<RecognizedWord> words = new ArrayList<>();
        int utterances = 0;
        try (EngineStream stream = engine.openStream()) {
            int warmBefore = -1;
            for (int offset = 0; offset < audio.length; offset += 1600) {
                int count = Math.min(1600, audio.length - offset);
                boolean paused = stream.accept(java.util.Arrays.copyOfRange(audio, offset, offset + count), count);
                warmBefore = offset == 0 ? engine.warmRecognizers() : warmBefore; // while it holds one
                if (paused) {
                    words.addAll(stream.endUtterance());
                    utterances++;
                    assertThat(stream.inUtterance()).isFalse();
                }
            }
            words.addAll(stream.endSegment());
            assertThat(engine.warmRecognizers()).as("given back when the segment ends").isEqualTo(warmBefore + 1);
        }
        assertThat(utterances).as("speech-a has pauses Vosk ends utterances at").isGreaterThan(0);
        assertThat(words).extracting(RecognizedWord::text).isEqualTo(expected);
        for (int i = 1; i < words.size(); i++) {
            assertThat(words.get(i).startSec()).as("word %d", i).isGreaterThanOrEqualTo(words.get(i - 1).startSec());
        }
        assertThat(words.get(words.size() - 1).endSec()).isLessThanOrEqualTo(audio.length / 16_000.0);
    }

    private static List<String> texts(String voskJson) throws Exception {
        List<String> texts = new ArrayList<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(voskJson).path("result")
                .forEach(word -> texts.add(word.path("word").asText()));
        return texts;
    }

    @Test
    void aPooledRecogniserServesTheNextStreamWithThatStreamsOwnTimes() throws Exception {
        List<RecognizedWord> first;
        try (EngineStream stream = engine.openStream()) {
            first = transcribe(stream);
        }
        assertThat(engine.warmRecognizers()).as("kept warm after its segment").isEqualTo(1);

        List<RecognizedWord> second;
        try (EngineStream stream = engine.openStream()) {
            stream.skip(16_000 * 3 / 2); // 1.5 s this stream let pass undecoded
            assertThat(stream.inUtterance()).isFalse();
            assertThat(engine.warmRecognizers()).as("borrowed only when audio is decoded").isEqualTo(1);
            second = transcribe(stream);
        }
        assertThat(engine.liveStreams()).isZero();

        assertThat(second).extracting(RecognizedWord::text).isEqualTo(first.stream().map(RecognizedWord::text).toList());
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i).startSec()).as("word %d start", i)
                    .isCloseTo(first.get(i).startSec() + 1.5, within(0.001));
            assertThat(second.get(i).endSec()).as("word %d end", i).isCloseTo(first.get(i).endSec() + 1.5, within(0.001));
        }
        assertThat(first.get(first.size() - 1).endSec()).isLessThanOrEqualTo(speech.length / 16_000.0);
    }

    @Test
    void aStreamClosedMidSegmentLendsItsRecogniserWithNothingOfItsAudioLeft() throws Exception {
        List<RecognizedWord> clean;
        try (EngineStream stream = engine.openStream()) {
            clean = transcribe(stream);
        }
        int warmBefore = engine.warmRecognizers();
        assertThat(warmBefore).isPositive();

        EngineStream hungUp = engine.openStream();
        short[] block = new short[16_000 * 3 / 2]; // 1.5 s into speech-a: mid-word, mid-segment
        System.arraycopy(speech, 16_000, block, 0, block.length);
        hungUp.accept(block, block.length);
        assertThat(hungUp.inUtterance()).isTrue();
        assertThat(engine.warmRecognizers()).isEqualTo(warmBefore - 1);
        long closeStart = System.nanoTime();
        hungUp.close();
        long closeMs = (System.nanoTime() - closeStart) / 1_000_000;
        System.out.printf("closing a stream mid-segment after 1.5 s of speech took %d ms%n", closeMs);
        assertThat(engine.warmRecognizers()).as("back in the pool").isEqualTo(warmBefore);
        assertThat(engine.liveStreams()).isZero();

        // The recogniser it gave back starts on a fresh pipeline: the next stream hears only its own audio.
        List<RecognizedWord> next;
        try (EngineStream stream = engine.openStream()) {
            next = transcribe(stream);
        }
        assertThat(next).extracting(RecognizedWord::text).isEqualTo(clean.stream().map(RecognizedWord::text).toList());
        assertThat(next.get(0).startSec()).isCloseTo(clean.get(0).startSec(), within(0.001));
    }

    @Test
    void aPauseDecodedAgainMovesNeitherTheStreamsClockNorTheNextUtterancesTimes() throws Exception {
        List<RecognizedWord> alone;
        try (EngineStream stream = engine.openStream()) {
            alone = transcribe(stream);
        }
        double speechSec = speech.length / 16_000.0;
        List<RecognizedWord> first = new ArrayList<>();
        List<RecognizedWord> second;
        try (EngineStream stream = engine.openStream()) {
            feed(stream, first);
            int warm = engine.warmRecognizers();
            first.addAll(stream.endUtteranceInQuiet(new short[4800])); // 300 ms of pause, not the stream's audio
            assertThat(stream.inUtterance()).isFalse();
            assertThat(engine.warmRecognizers()).as("the recogniser stays for the next utterance").isEqualTo(warm);
            stream.skip(16_000); // a second of silence let pass
            second = new ArrayList<>();
            feed(stream, second);
            second.addAll(stream.endSegment());
            assertThat(engine.warmRecognizers()).as("given back with the segment").isEqualTo(warm + 1);
        }
        assertThat(first).extracting(RecognizedWord::text).isEqualTo(alone.stream().map(RecognizedWord::text).toList());
        assertThat(first.get(first.size() - 1).endSec()).isCloseTo(alone.get(alone.size() - 1).endSec(), within(0.1));
        assertThat(second).isNotEmpty();
        // Without the offset fixed at the utterance's start, these would be early by the 0.3 s decoded twice
        // and late by nothing for the second skipped.
        assertThat(second.get(0).startSec()).isCloseTo(alone.get(0).startSec() + speechSec + 1.0, within(0.1));
        assertThat(second.get(second.size() - 1).endSec())
                .isCloseTo(alone.get(alone.size() - 1).endSec() + speechSec + 1.0, within(0.1));
    }

    @Test
    void aSegmentEndedAfterItsLastUtteranceLendsARecogniserWithAFreshPipeline() throws Exception {
        List<RecognizedWord> clean;
        try (EngineStream stream = engine.openStream()) {
            clean = transcribe(stream);
        }
        try (EngineStream loud = engine.openStream()) {
            // Audio far louder than speech-a fills the feature normalisation with its own statistics.
            short[] hum = new short[16_000 * 5];
            for (int i = 0; i < hum.length; i++) {
                hum[i] = (short) (20_000 * Math.sin(2 * Math.PI * 150 * i / 16_000.0));
            }
            loud.accept(hum, hum.length);
            loud.endUtteranceInQuiet(new short[4800]);
            assertThat(loud.inUtterance()).isFalse();
            loud.endSegment(); // Vosk ignores FinalResult() right after Result(): the pipeline must still renew
        }
        List<RecognizedWord> next;
        try (EngineStream stream = engine.openStream()) {
            next = transcribe(stream);
        }
        assertThat(next).extracting(RecognizedWord::text).isEqualTo(clean.stream().map(RecognizedWord::text).toList());
        for (int i = 0; i < clean.size(); i++) {
            assertThat(next.get(i).startSec()).as("word %d start", i).isCloseTo(clean.get(i).startSec(), within(0.001));
        }
    }

    @Test
    void aVoiceChangeDecodesTheOpenUtteranceAgainAsAFreshStreamWould() throws Exception {
        List<RecognizedWord> clean = new ArrayList<>();
        try (EngineStream stream = engine.openStream()) {
            feed(stream, clean);
            clean.addAll(stream.endSegment());
        }
        short[] speechB = samples(Fixtures.speechBWav());
        List<RecognizedWord> renewed = new ArrayList<>();
        try (EngineStream stream = engine.openStream()) {
            stream.accept(speechB, speechB.length); // another voice, whose adaptation the stream keeps
            stream.endUtterance();
            for (int offset = 0; offset < speech.length; offset += 1600) {
                if (offset == 12 * 1600) {
                    stream.renewAdaptation(); // 1.2 s into speech-a's first sentence
                }
                int count = Math.min(1600, speech.length - offset);
                if (stream.accept(java.util.Arrays.copyOfRange(speech, offset, offset + count), count)) {
                    renewed.addAll(stream.endUtterance());
                }
            }
            renewed.addAll(stream.endSegment());
        }
        double shift = speechB.length / 16_000.0;
        assertThat(renewed).extracting(RecognizedWord::text).isEqualTo(clean.stream().map(RecognizedWord::text).toList());
        for (int i = 0; i < clean.size(); i++) {
            assertThat(renewed.get(i).startSec()).as("word %d start", i)
                    .isCloseTo(clean.get(i).startSec() + shift, within(0.001));
            assertThat(renewed.get(i).endSec()).as("word %d end", i).isCloseTo(clean.get(i).endSec() + shift, within(0.001));
        }
    }

    @Test
    void aVoiceChangeBetweenUtterancesGivesTheRecogniserBack() throws Exception {
        try (EngineStream stream = engine.openStream()) {
            short[] first = java.util.Arrays.copyOf(speech, 16_000 * 3);
            stream.accept(first, first.length);
            int warm = engine.warmRecognizers();
            stream.endUtterance();
            stream.renewAdaptation();
            assertThat(stream.inUtterance()).isFalse();
            assertThat(engine.warmRecognizers()).as("the next utterance starts on a fresh pipeline").isEqualTo(warm + 1);
        }
    }

    @Test
    void aVoiceChangeLateInALongUtteranceRenewsWhenTheUtteranceEnds() throws Exception {
        try (EngineStream stream = engine.openStream()) {
            for (int offset = 0; offset < 16_000 * 7; offset += 1600) { // 7 s, more than is kept to decode again
                stream.accept(java.util.Arrays.copyOfRange(speech, offset, offset + 1600), 1600);
            }
            int warm = engine.warmRecognizers();
            stream.renewAdaptation();
            assertThat(engine.warmRecognizers()).as("kept while the utterance lasts").isEqualTo(warm);
            assertThat(stream.endUtterance()).isNotEmpty();
            assertThat(engine.warmRecognizers()).as("given back as it ends").isEqualTo(warm + 1);
        }
    }

    /** Feeds speech-a in 100 ms blocks as one utterance, whatever pauses the engine finds. */
    private static void feed(EngineStream stream, List<RecognizedWord> words) throws EngineException {
        for (int offset = 0; offset < speech.length; offset += 1600) {
            int count = Math.min(1600, speech.length - offset);
            if (stream.accept(java.util.Arrays.copyOfRange(speech, offset, offset + count), count)) {
                words.addAll(stream.endUtterance());
            }
        }
    }
}
