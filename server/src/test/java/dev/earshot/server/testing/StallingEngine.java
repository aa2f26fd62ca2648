package dev.earshot.server.testing;

import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import dev.earshot.server.engine.ModelDescription;
import dev.earshot.server.transcript.RecognizedWord;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The real engine, except that once {@link #stall()} is called every recogniser hangs in {@code accept}
 * until {@link #release()}: how a wedged native engine looks from the server (NET-0000).
 */
public final class StallingEngine implements Engine {
    private final Engine real;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    public StallingEngine(Engine real) {
        this.real = real;
    }

    public void stall() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    @Override
    public int sampleRateHz() {
        return real.sampleRateHz();
    }

    @Override
    public ModelDescription model() {
        return real.model();
    }

    @Override
    public EngineStream openStream() throws EngineException {
        EngineStream stream = real.openStream();
        return new EngineStream() {
            @Override
            public boolean accept(short[] samples, int count) throws EngineException {
                try {
                    gate.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return stream.accept(samples, count);
            }

            @Override
            public void skip(int count) {
                stream.skip(count);
            }

            @Override
            public boolean inUtterance() {
                return stream.inUtterance();
            }

            @Override
            public List<RecognizedWord> partial() throws EngineException {
                return stream.partial();
            }

            @Override
            public List<RecognizedWord> endUtterance() throws EngineException {
                return stream.endUtterance();
            }

            @Override
            public List<RecognizedWord> endUtteranceInQuiet(short[] pause) throws EngineException {
                return stream.endUtteranceInQuiet(pause);
            }

            @Override
            public List<RecognizedWord> endSegment() throws EngineException {
                return stream.endSegment();
            }

            @Override
            public void close() {
                stream.close();
            }
        };
    }

    @Override
    public int liveStreams() {
        return real.liveStreams();
    }

    @Override
    public void close() {
        // The real engine is shared; its owner closes it.
    }
}
