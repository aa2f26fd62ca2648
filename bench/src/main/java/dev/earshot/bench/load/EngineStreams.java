package dev.earshot.bench.load;

import dev.earshot.bench.audio.Programme;
import dev.earshot.bench.audio.WireAudio;
import dev.earshot.bench.measure.SendClock;
import dev.earshot.bench.measure.TimedWord;
import dev.earshot.bench.measure.TranscriptTimeline;
import dev.earshot.bench.measure.WordErrors;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.transcript.RecognizedWord;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The baseline: the same programmes straight into the engine's recognisers, no server, each stream on its
 * own thread, 100 ms blocks on the same real-time schedule; an utterance ends where the engine finds its
 * end ({@code Result()}), the stream with {@code FinalResult()}, as vosk-server and Vosk's examples do. A
 * block's result is available once the recogniser has taken it (and, every third block, produced its
 * partial, as the server's interim cadence asks of it); its lag is that moment minus the moment the block
 * was due. A thread that falls behind starts its next block late, so its lag grows exactly as a server's
 * backlog would.
 */
public final class EngineStreams implements StreamSource {
    /** The server asks for a partial once 250 ms of audio have passed: every third 100 ms block. */
    static final int PARTIAL_EVERY_BLOCKS = 3;

    private final Engine engine;
    private final List<Programme> programmes;
    private final boolean fast;
    /** When {@link #abortAll()} last ran: streams that started before it stop at their next block. */
    private volatile long abortedAtNanos;

    public EngineStreams(Engine engine, List<Programme> programmes, boolean fast) {
        this.engine = engine;
        this.programmes = List.copyOf(programmes);
        this.fast = fast;
        this.abortedAtNanos = System.nanoTime() - 1;
    }

    @Override
    public StreamOutcome play(int index, long startAtNanos) throws InterruptedException {
        Programme programme = programmes.get(index % programmes.size());
        int frameBytes = programme.sampleRateHz() * WireAudio.LINEAR16_FRAME_MS / 1000 * 2;
        int frames = (programme.pcm().length + frameBytes - 1) / frameBytes;
        SendClock clock = new SendClock(WireAudio.LINEAR16_FRAME_MS, frames);
        TranscriptTimeline timeline = new TranscriptTimeline(clock, programme.onsetsSec());
        Pacing.sleepUntil(startAtNanos);
        try (EngineStream stream = engine.openStream()) {
            long frameNanos = TimeUnit.MILLISECONDS.toNanos(WireAudio.LINEAR16_FRAME_MS);
            long audioStart = System.nanoTime();
            for (int k = 0; k < frames && !aborted(startAtNanos); k++) {
                long due = fast ? System.nanoTime() : audioStart + k * frameNanos;
                Pacing.sleepUntil(due);
                clock.record(k, due);
                int offset = k * frameBytes;
                short[] samples = samples(programme.pcm(), offset, Math.min(frameBytes, programme.pcm().length - offset));
                boolean ended = stream.accept(samples, samples.length);
                List<RecognizedWord> words = ended ? stream.endUtterance()
                        : (k + 1) % PARTIAL_EVERY_BLOCKS == 0 ? stream.partial() : List.of();
                double blockEndSec = (offset + samples.length * 2) / 2.0 / programme.sampleRateHz();
                timeline.onResults(System.nanoTime(), 0, blockEndSec, timed(words), ended, false, text(words));
            }
            List<RecognizedWord> last = stream.endSegment();
            timeline.onResults(System.nanoTime(), 0, programme.seconds(), timed(last), true, false, text(last));
        } catch (EngineException e) {
            return StreamOutcome.notStarted(index, "engine error", e.getMessage());
        }
        TranscriptTimeline.Snapshot snapshot = timeline.snapshot();
        if (aborted(startAtNanos)) {
            return new StreamOutcome(index, null, "aborted", false, "aborted after the step's deadline", snapshot,
                    List.of(), WordErrors.NONE);
        }
        return new StreamOutcome(index, null, "finished", true, null, snapshot, List.of(),
                WordErrors.between(programme.reference(), snapshot.transcript()));
    }

    private static short[] samples(byte[] pcm, int offset, int length) {
        short[] samples = new short[length / 2];
        ByteBuffer.wrap(pcm, offset, length).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }

    private static List<TimedWord> timed(List<RecognizedWord> words) {
        return words.stream().map(word -> new TimedWord(word.text(), word.startSec(), word.endSec())).toList();
    }

    private static String text(List<RecognizedWord> words) {
        return words.stream().map(RecognizedWord::text).collect(Collectors.joining(" "));
    }

    @Override
    public Duration deadline() {
        double longest = programmes.stream().mapToDouble(Programme::seconds).max().orElse(0);
        // Far behind, a recogniser still decodes faster than nothing: twice the audio, plus slack.
        return Duration.ofMillis(Math.round(longest * 2000)).plusSeconds(30);
    }

    @Override
    public double audioSeconds(int index) {
        return programmes.get(index % programmes.size()).seconds();
    }

    @Override
    public void abortAll() {
        abortedAtNanos = System.nanoTime();
    }

    private boolean aborted(long startAtNanos) {
        return startAtNanos - abortedAtNanos < 0;
    }
}
