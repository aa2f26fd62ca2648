package dev.earshot.server.session.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.earshot.protocol.ListenOptionsParser;
import dev.earshot.protocol.ServerMessage;
import dev.earshot.protocol.ServerMessage.ModelInfo;
import dev.earshot.protocol.ServerMessage.ResultsMessage;
import dev.earshot.protocol.ServerMessage.ResultsMetadata;
import dev.earshot.server.Settings;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.transcript.RecognizedWord;
import dev.earshot.server.transcript.TranscriptAssembler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The finalization rules of one channel, driven by an engine whose pauses the test decides. */
@Timeout(10)
class ChannelTranscriberTest {
    private static final int RATE = 16_000;
    private final List<ServerMessage> out = new ArrayList<>();

    /** An engine that reports its own pause after the given accept() calls, and names each segment it ends. */
    private static EngineStream pausingAt(List<Integer> pauses, List<String> segments) {
        return new EngineStream() {
            private int calls;
            private long fed;

            @Override
            public boolean accept(short[] samples, int count) {
                fed += count;
                return pauses.contains(++calls);
            }

            @Override
            public void skip(int count) {
                fed += count;
            }

            @Override
            public boolean inUtterance() {
                return true;
            }

            @Override
            public List<RecognizedWord> partial() {
                return List.of();
            }

            @Override
            public List<RecognizedWord> endSegment() {
                if (segments.isEmpty()) {
                    return List.of();
                }
                double now = (double) fed / RATE;
                return List.of(new RecognizedWord(segments.remove(0), now - 0.3, now - 0.1, 0.9));
            }

            @Override
            public void close() {
            }
        };
    }

    /** A channel that decodes everything: these rules are about segments the engine ends in quiet audio. */
    private ChannelTranscriber channel(EngineStream engine, String query) throws Exception {
        return channel(engine, query, Duration.ZERO);
    }

    private ChannelTranscriber channel(EngineStream engine, String query, Duration preRoll) throws Exception {
        TranscriptAssembler assembler = new TranscriptAssembler(0, 1,
                new ResultsMetadata("id", new ModelInfo("n", "v", "a"), "u", Map.of()),
                ListenOptionsParser.parse(query), dev.earshot.server.transcript.SearchTerms.NONE);
        return new ChannelTranscriber(0, 1, engine, assembler, out::add, ListenOptionsParser.parse(query),
                Settings.defaults(List.of("k"), Path.of("m")).toBuilder().preRoll(preRoll).build(), RATE);
    }

    /**
     * Records what the engine is given: decoded samples and skipped ones, in order, and where utterances and
     * segments were ended. It reports its own pause at the {@code pauseAt}-th accept (never when 0).
     */
    private static final class RecordingEngine implements EngineStream {
        final List<String> calls = new ArrayList<>();
        final List<String> ends = new ArrayList<>();
        /** The pauses decoded again to end utterances in quiet, in order. */
        final List<short[]> pauses = new ArrayList<>();
        int pauseAt;
        /** partial() names a word once this many blocks were accepted (never when 0). */
        int wordsFrom;
        int accepted;
        long decoded;
        long skipped;
        boolean utteranceOpen;
        boolean holdsRecogniser;
        short[] lastBlock;
        /** Where the adaptation was renewed, in blocks accepted before. */
        final List<Integer> renewals = new ArrayList<>();

        @Override
        public void renewAdaptation() {
            renewals.add(accepted);
        }

        @Override
        public boolean accept(short[] samples, int count) {
            calls.add("accept " + count);
            lastBlock = samples.clone();
            decoded += count;
            utteranceOpen = true;
            holdsRecogniser = true;
            return ++accepted == pauseAt;
        }

        @Override
        public void skip(int count) {
            assertThat(utteranceOpen).as("skipping inside an utterance").isFalse();
            calls.add("skip " + count);
            skipped += count;
        }

        @Override
        public boolean inUtterance() {
            return utteranceOpen;
        }

        @Override
        public List<RecognizedWord> partial() {
            return wordsFrom > 0 && accepted >= wordsFrom ? List.of(new RecognizedWord("early", 0, 0.1, 0.5)) : List.of();
        }

        @Override
        public List<RecognizedWord> endUtterance() {
            ends.add("utterance at block " + accepted);
            utteranceOpen = false;
            return List.of(new RecognizedWord("word", 0.2, 0.6, 0.9));
        }

        @Override
        public List<RecognizedWord> endUtteranceInQuiet(short[] pause) {
            ends.add("utterance in quiet at block " + accepted);
            pauses.add(pause);
            utteranceOpen = false;
            return List.of();
        }

        @Override
        public List<RecognizedWord> endSegment() {
            ends.add("segment at block " + accepted);
            utteranceOpen = false;
            holdsRecogniser = false;
            return List.of();
        }

        @Override
        public void close() {
        }
    }

    /** 100 ms like a syllable: 80 ms of a 220 Hz tone, then 20 ms of silence (a steady tone would be a hum). */
    private static float[] tone(int samples, double amplitude) {
        float[] tone = new float[samples];
        for (int i = 0; i < samples; i++) {
            tone[i] = i % 1600 < 1280 ? (float) (amplitude * Math.sin(2 * Math.PI * 220 * i / RATE)) : 0f;
        }
        return tone;
    }

    @Test
    void aChangeOfVoiceRenewsTheEnginesAdaptationOnceBeforeTheBlockThatShowedIt() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000&endpointing=300");
        for (double pitch : new double[] {110, 115, 105, 180, 185}) { // 2.5 s each, 25 blocks
            float[] utterance = dev.earshot.server.testing.MadeVoices.utterance(RATE, pitch, 7800);
            channel.accept(utterance, utterance.length);
        }
        assertThat(engine.renewals).hasSize(1);
        assertThat(engine.renewals.get(0)).as("early in the fourth utterance").isBetween(75, 95);
    }

    @Test
    void quietAudioBetweenSegmentsIsNotDecodedButThePreRollBeforeASoundIs() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000&endpointing=300",
                Duration.ofMillis(500));
        for (int i = 0; i < 30; i++) { // 3 s of digital silence
            channel.accept(new float[1600], 1600);
        }
        assertThat(engine.decoded).isZero();
        assertThat(engine.skipped).isEqualTo(30 * 1600 - 5 * 1600); // all but the last 500 ms
        channel.accept(tone(1600, 0.3), 1600);
        assertThat(engine.decoded).as("the pre-roll, then the sound").isEqualTo(6 * 1600);
        assertThat(engine.calls.subList(engine.calls.size() - 6, engine.calls.size()))
                .containsOnly("accept 1600");
        assertThat(engine.decoded + engine.skipped).as("every sample accounted for, in order").isEqualTo(31 * 1600);
    }

    @Test
    void anUtteranceOnceOpenIsDecodedThroughItsQuietToItsEnd() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000&endpointing=300",
                Duration.ofMillis(500));
        for (int i = 0; i < 10; i++) { // 1 s of speech-like sound
            channel.accept(tone(1600, 0.3), 1600);
        }
        long beforeQuiet = engine.decoded;
        for (int i = 0; i < 3; i++) { // 300 ms of quiet: endpointing ends the utterance at its end
            channel.accept(new float[1600], 1600);
        }
        assertThat(engine.decoded).as("the quiet inside the utterance is decoded").isGreaterThan(beforeQuiet);
        assertThat(engine.utteranceOpen).isFalse();
        long afterUtterance = engine.decoded;
        for (int i = 0; i < 20; i++) {
            channel.accept(new float[1600], 1600);
        }
        assertThat(engine.decoded).as("quiet after the utterance is held back").isEqualTo(afterUtterance);
        assertThat(engine.holdsRecogniser).as("the recogniser stays through a pause").isTrue();
    }

    /** 1 s of speech-like sound, then {@code quietBlocks} blocks of digital silence. */
    private static void speechThenQuiet(ChannelTranscriber channel, int quietBlocks) throws Exception {
        for (int i = 0; i < 10 + quietBlocks; i++) {
            channel.accept(i < 10 ? tone(1600, 0.3) : new float[1600], 1600);
        }
    }

    /** How many quiet blocks after 1 s of speech endpointing takes to end the segment, on this voice tracker. */
    private int quietBlocksToEndpoint(String query) throws Exception {
        RecordingEngine probe = new RecordingEngine();
        ChannelTranscriber probing = channel(probe, query, Duration.ofMillis(500));
        speechThenQuiet(probing, 0);
        int quietBlocks = 0;
        while (probe.utteranceOpen && quietBlocks < 20) {
            probing.accept(new float[1600], 1600);
            quietBlocks++;
        }
        assertThat(probe.utteranceOpen).as("endpointing ended the utterance").isFalse();
        out.clear();
        return quietBlocks;
    }

    @Test
    void anOnsetInTheBlockThatCompletesTheEndpointGoesToTheNextUtterance() throws Exception {
        String query = "encoding=linear16&sample_rate=16000&endpointing=300";
        int quietBlocks = quietBlocksToEndpoint(query);

        // The same, but the block that completes the quiet ends with the first 10 ms of the next sound: the
        // tracker has not confirmed it yet, so the endpoint still falls in that block.
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, query, Duration.ofMillis(500));
        speechThenQuiet(channel, quietBlocks - 1);
        float[] onset = new float[1600];
        System.arraycopy(tone(1600, 0.3), 0, onset, 1440, 160);
        channel.accept(onset, 1600);
        int lastBlockOfTheUtterance = 10 + quietBlocks - 1;
        assertThat(engine.ends).as("the utterance ended before the block holding the onset")
                .containsExactly("utterance in quiet at block " + lastBlockOfTheUtterance);
        assertThat(engine.utteranceOpen).as("the onset opened the next utterance").isTrue();
        assertThat(engine.accepted).isEqualTo(lastBlockOfTheUtterance + 1);
        assertThat(finals()).hasSize(1);
        assertThat(finals().get(0).speechFinal()).isTrue();
        assertThat(finals().get(0).start() + finals().get(0).duration())
                .as("the final spans the block, as when it was fed to it").isCloseTo(1.0 + quietBlocks * 0.1, within(1e-6));
    }

    @Test
    void theFirstWordsAfterAFinalGoOutAsSoonAsTheEngineHasThem() throws Exception {
        String query = "encoding=linear16&sample_rate=16000&endpointing=300&interim_results=true";
        int quietBlocks = quietBlocksToEndpoint(query);
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, query, Duration.ofMillis(500));
        speechThenQuiet(channel, quietBlocks);
        assertThat(finals()).hasSize(1);
        double finalEnd = finals().get(0).start() + finals().get(0).duration();
        // Speech resumes at once; the engine names a word after its second block, 200 ms after the final:
        // sooner than the 250 ms interim interval.
        engine.wordsFrom = engine.accepted + 3; // the held quiet block, then two blocks of sound
        channel.accept(tone(1600, 0.3), 1600);
        channel.accept(tone(1600, 0.3), 1600);
        List<ResultsMessage> interims = out.stream()
                .filter(m -> m instanceof ResultsMessage r && !r.isFinal() && !r.alternative().words().isEmpty())
                .map(ResultsMessage.class::cast).toList();
        assertThat(interims).hasSize(1);
        assertThat(interims.get(0).start() + interims.get(0).duration()).isCloseTo(finalEnd + 0.2, within(1e-6));
    }

    @Test
    void soundTooQuietForTheVoiceTrackerIsStillDecoded() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000", Duration.ofMillis(500));
        for (int i = 0; i < 10; i++) { // peaks at -46 dBFS: below the tracker's -50 dBFS energy floor, not silence
            channel.accept(tone(1600, 0.005), 1600);
        }
        assertThat(engine.decoded).isEqualTo(10 * 1600);
        assertThat(engine.skipped).isZero();
    }

    @Test
    void aZeroPreRollDecodesEverything() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000", Duration.ZERO);
        for (int i = 0; i < 30; i++) {
            channel.accept(new float[1600], 1600);
        }
        assertThat(engine.decoded).isEqualTo(30 * 1600);
        assertThat(engine.skipped).isZero();
    }

    @Test
    void theEnginesOwnPauseEndsAnUtteranceAndTheRecogniserStaysUntilTheQuietLastsTenSeconds() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        engine.pauseAt = 12; // the engine hears a pause 200 ms into the quiet
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000&endpointing=false",
                Duration.ofMillis(500));
        for (int i = 0; i < 10; i++) { // 1 s of speech-like sound
            channel.accept(tone(1600, 0.3), 1600);
        }
        for (int i = 0; i < 110; i++) { // 11 s of digital silence
            channel.accept(new float[1600], 1600);
            if (i == 98) {
                assertThat(engine.holdsRecogniser).as("9.9 s into the quiet").isTrue();
            }
        }
        // The last speech frame ends 20 ms before block 10 does: the quiet reaches 10 s in block 110.
        assertThat(engine.ends).containsExactly("utterance at block 12", "segment at block 12");
        assertThat(engine.holdsRecogniser).isFalse();
        assertThat(engine.decoded).as("the quiet after the utterance is not decoded").isEqualTo(12 * 1600);
        assertThat(finals()).hasSize(1);
        assertThat(finals().get(0).alternative().transcript()).isEqualTo("word");
    }

    @Test
    void anEndpointEndsTheUtteranceByDecodingItsQuietAgainAndTheRecogniserStays() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000&endpointing=300",
                Duration.ofMillis(500));
        float[] hum = new float[1600]; // a hum at -50 dBFS: quiet to the voice tracker
        for (int i = 0; i < hum.length; i++) {
            hum[i] = (float) (0.003 * Math.sin(2 * Math.PI * 50 * i / RATE));
        }
        for (int i = 0; i < 10; i++) {
            channel.accept(tone(1600, 0.3), 1600);
        }
        int quiet = 0;
        while (engine.ends.isEmpty() && quiet < 10) {
            channel.accept(hum, 1600);
            quiet++;
        }
        // The quiet covered the whole last block: the utterance ended before it, which opened the next one.
        assertThat(engine.ends).containsExactly("utterance in quiet at block " + (10 + quiet - 1));
        short[] pause = engine.pauses.get(0);
        assertThat(pause).as("300 ms").hasSize(4800);
        int loudest = 0;
        for (short sample : pause) {
            loudest = Math.max(loudest, Math.abs(sample));
        }
        assertThat(loudest).as("the pause's own quiet audio, none of the speech before it")
                .isBetween(Math.round(0.003f * 32768f) - 1, Math.round(0.003f * 32768f) + 1); // and the dither
        for (int i = 0; i < 5; i++) { // speech resumes: the next utterance, on the same recogniser
            channel.accept(tone(1600, 0.3), 1600);
        }
        assertThat(engine.utteranceOpen).isTrue();
        assertThat(engine.ends).doesNotContain("segment at block " + engine.accepted);
        assertThat(finals()).singleElement().matches(ResultsMessage::speechFinal);
    }

    @Test
    void aFinalizeInAPauseKeepsTheRecogniserAndOneInSpeechEndsTheSegment() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000&endpointing=false",
                Duration.ofMillis(500));
        for (int i = 0; i < 10; i++) {
            channel.accept(tone(1600, 0.3), 1600);
        }
        channel.finalizeOnRequest();
        assertThat(engine.ends).containsExactly("segment at block 10");
        for (int i = 0; i < 5; i++) {
            channel.accept(i == 0 ? tone(1600, 0.3) : new float[1600], 1600);
        }
        channel.finalizeOnRequest();
        assertThat(engine.ends).containsExactly("segment at block 10", "utterance in quiet at block 15");
        assertThat(finals()).hasSize(2).allMatch(ResultsMessage::fromFinalize);
    }

    private List<ResultsMessage> finals() {
        return out.stream().filter(m -> m instanceof ResultsMessage r && r.isFinal()).map(ResultsMessage.class::cast)
                .toList();
    }

    @Test
    void digitalSilenceInsideAnUtteranceReachesTheEngineAsOneBitOfNoiseTheSameEveryTime() throws Exception {
        List<short[]> heard = new ArrayList<>();
        for (int run = 0; run < 2; run++) {
            RecordingEngine engine = new RecordingEngine();
            ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000&endpointing=false");
            channel.accept(tone(1600, 0.3), 1600);
            channel.accept(new float[1600], 1600); // exact zeros, inside the utterance: decoded
            heard.add(engine.lastBlock);
        }
        short[] silence = heard.get(0);
        assertThat(silence).hasSize(1600).contains((short) -1, (short) 0, (short) 1);
        for (short sample : silence) {
            assertThat(Math.abs(sample)).isLessThanOrEqualTo(1);
        }
        assertThat(heard.get(1)).as("the same noise for the same audio").isEqualTo(silence);
    }

    @Test
    void longSpeechIsCutInADipAfterTheSoftLimitOrAnywhereAtTheHardLimitEndingTheSegment() throws Exception {
        RecordingEngine engine = new RecordingEngine();
        ChannelTranscriber channel = channel(engine, "encoding=linear16&sample_rate=16000&endpointing=false");
        for (int i = 0; i < 160; i++) { // 16 s of speech whose gaps (20 ms) are too short to cut in
            channel.accept(tone(1600, 0.3), 1600);
        }
        assertThat(engine.ends).as("past the soft limit, no dip yet").isEmpty();
        float[] dip = tone(1600, 0.3);
        java.util.Arrays.fill(dip, 640, 1600, 0f); // 60 ms of quiet
        channel.accept(dip, 1600);
        assertThat(engine.ends).containsExactly("segment at block 161");
        assertThat(out).filteredOn(m -> m instanceof ResultsMessage r && r.isFinal()).hasSize(1);
        for (int i = 0; i < 200; i++) { // 20 s more, no dip at all
            channel.accept(tone(1600, 0.3), 1600);
        }
        assertThat(engine.ends).containsExactly("segment at block 161", "segment at block 361");
        assertThat(out).filteredOn(m -> m instanceof ResultsMessage r && r.isFinal()).hasSize(2);
    }

    @Test
    void aSecondEngineSegmentBeforeEndpointingDecidesKeepsTheFirst() throws Exception {
        // Quiet audio: the voice tracker hears no speech, the engine ends two segments anyway.
        ChannelTranscriber channel = channel(pausingAt(List.of(10, 20), new ArrayList<>(List.of("alpha", "beta"))),
                "encoding=linear16&sample_rate=16000&endpointing=500");
        for (int i = 0; i < 30; i++) {
            channel.accept(new float[1600], 1600);
        }
        channel.endOfAudio();
        assertThat(finals().stream().map(r -> r.alternative().transcript()).filter(t -> !t.isEmpty())
                .collect(Collectors.joining(" "))).isEqualTo("alpha beta");
    }

    @Test
    void aFinalizeFlushesAHeldFinalAsFromFinalize() throws Exception {
        ChannelTranscriber channel = channel(pausingAt(List.of(10), new ArrayList<>(List.of("alpha"))),
                "encoding=linear16&sample_rate=16000&endpointing=2000");
        for (int i = 0; i < 12; i++) {
            channel.accept(new float[1600], 1600);
        }
        channel.finalizeOnRequest();
        assertThat(finals()).filteredOn(r -> r.alternative().transcript().equals("alpha"))
                .singleElement().matches(ResultsMessage::fromFinalize);
    }
}
