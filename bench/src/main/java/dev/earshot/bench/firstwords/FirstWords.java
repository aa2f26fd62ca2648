package dev.earshot.bench.firstwords;

import dev.earshot.bench.audio.Fixture;
import dev.earshot.bench.audio.Utterance;
import dev.earshot.bench.measure.Distribution;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The engine's own floor under first-partial latency (docs/performance.md, 3a): how much audio after an
 * utterance's onset the engine needs before its best path names a word, with no socket, no queue and no
 * interim cadence in the way. Every utterance of every fixture is decoded as the server decodes one that
 * follows a final: through the server's engine layer (a warm pooled recogniser with a fresh decoder), from
 * a pre-roll on the 100 ms block grid, the engine asked for its words after every block, as the server asks
 * while a segment has none. Not played at real time: the figures are audio time.
 *
 * <p>Latency of an utterance = end of the first block after which the engine holds a word it did not hold
 * before the onset's block − end of the onset's block. The server's first-partial latency counts from when
 * the client handed that same block over: on the same audio it differs from this by the server's own costs
 * (socket, queue, cadence) and by where its segments start, since the engine's chunks count from there.
 */
public final class FirstWords {
    /** The client's frame and the server's engine block: words can show only at a block's end. */
    public static final int BLOCK_MS = 100;

    private final Engine engine;
    private final int preRollBlocks;
    private final double endpointingSec;

    /**
     * @param preRollMs     audio before the onset's block the segment starts with (the server's pre-roll)
     * @param endpointingMs quiet after an utterance before the server ends its segment: the next segment
     *                      cannot start sooner. An utterance with no word before the next one's onset is missed.
     */
    public FirstWords(Engine engine, int preRollMs, int endpointingMs) {
        this.engine = engine;
        this.preRollBlocks = Math.max(0, preRollMs / BLOCK_MS);
        this.endpointingSec = endpointingMs / 1000.0;
    }

    /** What one fixture's utterances gave. */
    public record FixtureWords(String fixture, int utterances, int missed, Distribution latencyMs) {
    }

    /**
     * The whole run.
     *
     * @param latencyMs           all utterances' latencies together
     * @param utterancesByLatency how many utterances had each latency, in ms: latencies fall on the block grid,
     *                            and where the median sits between two blocks is what a percentile hides
     */
    public record Result(int preRollMs, int endpointingMs, int blockMs, Distribution latencyMs, Double meanMs,
                         SortedMap<Integer, Integer> utterancesByLatency, int utterances, int missed,
                         List<FixtureWords> fixtures) {
    }

    /**
     * Decodes {@code speech} (the server's warm-up recording, at the engine's rate) once, so that the pooled
     * recogniser the measurements borrow is as warm as a server's (a new recogniser is slow for its first
     * seconds of speech: docs/performance.md, 1a).
     */
    public void warmUp(short[] speech) throws EngineException {
        try (EngineStream stream = engine.openStream()) {
            int block = blockSamples();
            for (int offset = 0; offset < speech.length; offset += block) {
                int count = Math.min(block, speech.length - offset);
                stream.accept(Arrays.copyOfRange(speech, offset, offset + count), count);
            }
            stream.endSegment();
        }
    }

    public Result measure(List<Fixture> fixtures) throws EngineException {
        List<Double> all = new ArrayList<>();
        List<FixtureWords> perFixture = new ArrayList<>();
        int utterances = 0;
        int missed = 0;
        for (Fixture fixture : fixtures) {
            if (fixture.sampleRateHz() != engine.sampleRateHz()) {
                throw new IllegalArgumentException(fixture.name() + " is at " + fixture.sampleRateHz()
                        + " Hz; the engine decodes " + engine.sampleRateHz() + " Hz, and resampling is not the engine's");
            }
            List<Double> latencies = new ArrayList<>();
            int fixtureMissed = fixture(fixture, latencies);
            perFixture.add(new FixtureWords(fixture.name(), fixture.utterances().size(), fixtureMissed,
                    Distribution.of(latencies)));
            all.addAll(latencies);
            utterances += fixture.utterances().size();
            missed += fixtureMissed;
        }
        Double mean = all.isEmpty() ? null
                : Math.round(all.stream().mapToDouble(Double::doubleValue).average().orElseThrow() * 10) / 10.0;
        SortedMap<Integer, Integer> byLatency = new TreeMap<>();
        for (double latency : all) {
            byLatency.merge((int) Math.round(latency), 1, Integer::sum);
        }
        return new Result(preRollBlocks * BLOCK_MS, (int) Math.round(endpointingSec * 1000), BLOCK_MS,
                Distribution.of(all), mean, byLatency, utterances, missed, perFixture);
    }

    /** One stream through the fixture, a segment per utterance; adds the latencies, returns how many were missed. */
    private int fixture(Fixture fixture, List<Double> latencies) throws EngineException {
        short[] samples = samples(fixture.pcm());
        int block = blockSamples();
        double rate = fixture.sampleRateHz();
        List<Utterance> utterances = fixture.utterances();
        int missed = 0;
        try (EngineStream stream = engine.openStream()) {
            long position = 0; // samples of the stream so far, skipped or decoded; always on the block grid
            for (int k = 0; k < utterances.size(); k++) {
                Utterance utterance = utterances.get(k);
                long onsetBlock = (long) Math.floor(utterance.startSec() * rate / block);
                long earliest = k == 0 ? 0 : blocksCeil((utterances.get(k - 1).endSec() + endpointingSec) * rate, block);
                // Pauses shorter than the endpointing time leave no room for a pre-roll: the segment then
                // starts with the onset's block (the server would not even have ended the last one).
                long startBlock = Math.min(onsetBlock, Math.max(earliest, onsetBlock - preRollBlocks));
                long start = Math.max(position, startBlock * block);
                long stop = k + 1 < utterances.size()
                        ? (long) Math.floor(utterances.get(k + 1).startSec() * rate / block) * block : samples.length;
                stream.skip((int) (start - position));
                position = start;
                int wordsBeforeOnset = 0;
                Double latency = null;
                while (latency == null && position < stop) {
                    int count = (int) Math.min(block, samples.length - position);
                    stream.accept(Arrays.copyOfRange(samples, (int) position, (int) position + count), count);
                    position += count;
                    int words = stream.partial().size();
                    if (position <= onsetBlock * block) {
                        wordsBeforeOnset = words; // the pre-roll's noise, or the last utterance's tail
                    } else if (words > wordsBeforeOnset) {
                        latency = (position - (onsetBlock + 1) * block) * 1000.0 / rate;
                    }
                }
                stream.endSegment();
                if (latency == null) {
                    missed++;
                } else {
                    latencies.add(latency);
                }
            }
        }
        return missed;
    }

    private int blockSamples() {
        return engine.sampleRateHz() * BLOCK_MS / 1000;
    }

    private static long blocksCeil(double samples, int block) {
        return (long) Math.ceil(samples / block - 1e-9);
    }

    private static short[] samples(byte[] pcm) {
        short[] samples = new short[pcm.length / 2];
        ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        return samples;
    }
}
