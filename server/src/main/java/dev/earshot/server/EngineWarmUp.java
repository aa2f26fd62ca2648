package dev.earshot.server;

import dev.earshot.server.audio.Resampler;
import dev.earshot.server.engine.DecodeLanes;
import dev.earshot.server.engine.DecodeLanes.Lane;
import dev.earshot.server.engine.Engine;
import dev.earshot.server.engine.EngineException;
import dev.earshot.server.engine.EngineStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes recognisers warm before the first streams need them. A new Vosk recogniser costs about three times
 * more CPU in its first seconds of speech than one that has decoded before (it fills its own cache of the
 * decoding graph), so twelve streams starting together on a fresh 2-core server fell 2.7 s behind real time
 * (lag p95), against 0.1 s once warm. At start, {@code count} recognisers each decode the warm-up recording
 * twice, as recorded and as a phone call carries it, and go to the engine's pool.
 *
 * <p>The work runs on batch lanes: a live stream that arrives meanwhile goes first, and the server answers
 * from its first second.
 */
public final class EngineWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(EngineWarmUp.class);
    /**
     * warm-up.wav of the fixtures, copied into the jar by the build: 32 s of everyday sentences that no test
     * or benchmark plays, 16 kHz mono linear16. A cache warmed on one text helps others in proportion to what
     * they share, so the recording is varied rather than short. CPU for the first 5 s of speech the recogniser
     * had not heard (speech-b; 14 s of the accuracy set), measured on this machine: new recogniser 990 / 880 ms,
     * after 4 s of speech-a 528 / 481 ms, after 16 s of this recording 434 / 387 ms, after all 32 s
     * 387 / 325 ms. The whole recording costs about 3.6 CPU-s per recogniser, once, at start.
     *
     * <p>Phone audio has nothing above 4 kHz, and the model, trained on wideband speech, searches its graph
     * more widely for it: a cache warmed on wideband speech alone served it badly. Fresh spawned server, 60 s
     * programmes as μ-law at 8 kHz ({@code earshot bench --telephony}), lag p95 with the recording alone against
     * the recording and then its narrowband copy: 10 streams 994 / 424 ms, 12 streams 2,265 / 1,317 ms.
     * The copy makes the warm-up last ~36 s instead of ~25 s on 2 cores; wideband streams are as before
     * (12 at once: lag p95 116 ms).
     */
    private static final String SPEECH = "warm-up.wav";
    private static final int SPEECH_RATE_HZ = 16_000;
    private static final int WAV_HEADER_BYTES = 44;
    private static final int BLOCK_MS = 100;

    private EngineWarmUp() {
    }

    /**
     * Starts warming {@code count} recognisers; returns at once.
     *
     * @return counts down once per recogniser warmed (or failed), for tests and logs
     */
    static Progress start(Engine engine, DecodeLanes lanes, int count) {
        if (count == 0) {
            return new Progress(0, 0);
        }
        float[] wide = recording(engine.sampleRateHz());
        float[] narrow = narrowband(wide, engine.sampleRateHz());
        float[] both = Arrays.copyOf(wide, wide.length + narrow.length);
        System.arraycopy(narrow, 0, both, wide.length, narrow.length);
        short[] speech = pcm16(both);
        int block = engine.sampleRateHz() * BLOCK_MS / 1000;
        Progress done = new Progress(count, (long) count * ((speech.length + block - 1) / block));
        long started = System.nanoTime();
        List<Warming> warming = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            try {
                warming.add(new Warming(engine.openStream(), lanes.newBatchLane()));
            } catch (EngineException e) {
                LOG.warn("could not warm a recogniser up: {}", e.getMessage());
                done.countDown();
            }
        }
        // Block by block across the streams: lanes take turns by the age of their oldest task, so every
        // stream borrows its recogniser with its first block, before any gives one back.
        for (int offset = 0; offset < speech.length; offset += block) {
            short[] samples = Arrays.copyOfRange(speech, offset, Math.min(speech.length, offset + block));
            for (Warming stream : warming) {
                stream.lane.submit(() -> {
                    stream.accept(samples);
                    done.blocksDone.incrementAndGet();
                });
            }
        }
        for (Warming stream : warming) {
            stream.lane.submit(() -> {
                stream.finish();
                done.countDown();
                if (done.getCount() == 0) {
                    LOG.info("{} recognisers warm after {} ms", count, (System.nanoTime() - started) / 1_000_000);
                }
            });
        }
        return done;
    }

    /** Counts down once per recogniser warmed (or failed); tells how much of the warm-up's audio is decoded. */
    public static final class Progress extends CountDownLatch {
        private final java.util.concurrent.atomic.AtomicLong blocksDone = new java.util.concurrent.atomic.AtomicLong();
        private final long blocks;
        private final int recognizers;

        Progress(int recognizers, long blocks) {
            super(recognizers);
            this.recognizers = recognizers;
            this.blocks = blocks;
        }

        /** How many the warm-up set out to warm. */
        public int recognizers() {
            return recognizers;
        }

        /** 0 to 1; 1 once every recogniser is warm (or there were none to warm). */
        public double fraction() {
            return getCount() == 0 || blocks == 0 ? 1.0 : Math.min(1.0, (double) blocksDone.get() / blocks);
        }
    }

    /** One recogniser being warmed, on its own lane (tasks run in order, so no field needs a lock). */
    private static final class Warming {
        private final EngineStream stream;
        private final Lane lane;
        private boolean failed;

        Warming(EngineStream stream, Lane lane) {
            this.stream = stream;
            this.lane = lane;
        }

        void accept(short[] samples) {
            if (!failed) {
                try {
                    stream.accept(samples, samples.length);
                } catch (EngineException e) {
                    failed = true;
                    LOG.warn("warming a recogniser up failed: {}", e.getMessage());
                }
            }
        }

        /** Gives the recogniser back to the pool, warm, unless it failed. */
        void finish() {
            try {
                if (!failed) {
                    stream.endSegment();
                }
            } catch (EngineException e) {
                LOG.warn("warming a recogniser up failed: {}", e.getMessage());
            } finally {
                stream.close();
            }
        }
    }

    /** The speech as a phone call carries it: down to 8 kHz (nothing above 4 kHz) and back to {@code rateHz}. */
    static float[] narrowband(float[] speech, int rateHz) {
        return Resampler.whole(Resampler.whole(speech, rateHz, 8_000), 8_000, rateHz);
    }

    /** The warm-up recording at the engine's rate; the bench warms its own recogniser on it too. */
    public static short[] speech(int rateHz) {
        return pcm16(recording(rateHz));
    }

    /** The warm-up recording at {@code rateHz}, as samples in [-1, 1]. */
    private static float[] recording(int rateHz) {
        byte[] wav;
        try (InputStream in = EngineWarmUp.class.getResourceAsStream(SPEECH)) {
            if (in == null) {
                throw new IllegalStateException("the warm-up speech " + SPEECH + " is missing from the server's jar");
            }
            wav = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int samples = (wav.length - WAV_HEADER_BYTES) / 2;
        float[] pcm = new float[samples];
        ByteBuffer data = ByteBuffer.wrap(wav, WAV_HEADER_BYTES, samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < samples; i++) {
            pcm[i] = data.getShort() / 32768f;
        }
        return Resampler.whole(pcm, SPEECH_RATE_HZ, rateHz);
    }

    private static short[] pcm16(float[] samples) {
        short[] out = new short[samples.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(samples[i] * 32768f)));
        }
        return out;
    }
}
