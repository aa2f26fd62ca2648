package dev.earshot.server.testing;

import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.engine.ModelDescription;
import dev.earshot.server.transcript.RecognizedWord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in engine for testing the code above the engine without Vosk: every utterance it ends holds one
 * word, "word", spanning the samples fed in that utterance. {@link #block()} makes {@code accept} hang.
 */
public final class ScriptedEngine implements Engine {
    public static final int RATE_HZ = 16_000;
    private final AtomicInteger live = new AtomicInteger();
    private final AtomicInteger opened = new AtomicInteger();
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public void block() {
        gate = new CountDownLatch(1);
    }

    public void unblock() {
        gate.countDown();
    }

    @Override
    public int sampleRateHz() {
        return RATE_HZ;
    }

    @Override
    public ModelDescription model() {
        return new ModelDescription("00000000-0000-4000-8000-000000000000", "scripted", "1", "test", "en");
    }

    @Override
    public EngineStream openStream() {
        live.incrementAndGet();
        opened.incrementAndGet();
        return new EngineStream() {
            private long fed;
            private long segmentStart;
            private boolean closed;

            @Override
            public boolean accept(short[] samples, int count) throws EngineException {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new EngineException("interrupted");
                }
                fed += count;
                return false;
            }

            @Override
            public void skip(int count) {
                fed += count;
                segmentStart = fed;
            }

            @Override
            public boolean inUtterance() {
                return fed > segmentStart;
            }

            @Override
            public List<RecognizedWord> partial() {
                return words();
            }

            @Override
            public List<RecognizedWord> endSegment() {
                List<RecognizedWord> words = words();
                segmentStart = fed;
                return words;
            }

            private List<RecognizedWord> words() {
                List<RecognizedWord> words = new ArrayList<>();
                if (fed > segmentStart) {
                    words.add(new RecognizedWord("word", (double) segmentStart / RATE_HZ, (double) fed / RATE_HZ, 0.9));
                }
                return words;
            }

            @Override
            public void close() {
                if (!closed) {
                    closed = true;
                    live.decrementAndGet();
                }
            }
        };
    }

    @Override
    public int liveStreams() {
        return live.get();
    }

    public int openedStreams() {
        return opened.get();
    }

    @Override
    public void close() {
    }
}
