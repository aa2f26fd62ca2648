package dev.earshot.server.audio;

import java.util.Arrays;

/**
 * Streaming band-limited resampling of one channel from any rate to the engine's rate (J. O. Smith's
 * windowed-sinc interpolation). The engine must get exactly its own rate: fed 8 kHz audio, the small
 * Vosk model answers with empty text and no error.
 *
 * <p>Output sample {@code k} sits at input time {@code k * inRate / outRate}, kept as an exact fraction,
 * so word times never drift. The filter looks {@link #halfWidth} input samples ahead; those samples come
 * out on the next call, or from {@link #flush()} at the end of the stream.
 */
public final class Resampler {
    /** Half-length of the sinc in zero crossings: stop-band attenuation of roughly 80 dB with the window below. */
    private static final int ZERO_CROSSINGS = 16;
    /** Table points per zero crossing; linear interpolation between them adds far less error than 16-bit output. */
    private static final int TABLE_RESOLUTION = 256;
    /** Passband edge as a fraction of the lower Nyquist frequency: 7.6 kHz at 16 kHz, the model's own high-freq. */
    private static final double ROLLOFF = 0.95;
    private static final double KAISER_BETA = 8.0;
    /** The windowed sinc, sampled; immutable after class initialisation. */
    private static final float[] TABLE = table();
    /**
     * Most coefficients a resampler precomputes (128 KB): enough for every common rate (8 kHz has 2 phases of
     * 34 taps, 48 kHz one of 102, 44.1 kHz 160 of 94, 11.025 kHz 640 of 34); a rate whose ratio to the
     * engine's has more phases computes its taps per sample.
     */
    private static final int MAX_COEFFICIENTS = 32 * 1024;

    private final long inRate;
    private final long outRate;
    /** Filter scale: below 1 when downsampling, to cut at the new Nyquist frequency. */
    private final double scale;
    private final int halfWidth;
    /** Input samples each output sample weighs: {@code 2 * halfWidth}. */
    private final int taps;
    /** gcd(in, out): an output sample's position between two input samples is a multiple of it, over outRate. */
    private final long phaseUnit;
    /**
     * The filter's taps for each phase, scale included: an output sample is a dot product with its window of
     * input. Computing them per sample instead (a table lookup, an interpolation and a distance in double per
     * tap) cost 2.1 ms of CPU per second of 8 kHz audio and 5.4 ms per second of 48 kHz on a quiet core of this
     * machine (the engine: ~100 ms); precomputed, 0.5 and 1.4 ms. Built on first use (idle sessions are many);
     * null until then, and for ever when the ratio has too many phases or there is nothing to resample.
     */
    private float[] coefficients;
    private final boolean precomputes;

    /**
     * Input samples from absolute index {@code historyStart}; decode lane only. Grown on first use: a
     * pass-through resampler (the model's own rate) never needs one, and idle sessions are many.
     */
    private float[] history = new float[0];
    private int historyLength;
    private long historyStart;
    private long inputCount;
    private long outputCount;
    /**
     * The absolute index of the last input sample that is not exactly zero; -1 before any. An output whose
     * window lies past it is zero without a dot product: digital silence (an hour of it is a few hundred KB of
     * FLAC or Opus) then costs a scan for zeros, not 100 multiplications per output sample.
     */
    private long lastSoundIndex = -1;

    public Resampler(int inRateHz, int outRateHz) {
        this(inRateHz, outRateHz, true);
    }

    /** @param precompute false: taps per sample whatever the ratio, as a reference for the precomputed ones */
    Resampler(int inRateHz, int outRateHz, boolean precompute) {
        if (inRateHz <= 0 || outRateHz <= 0) {
            throw new IllegalArgumentException("rates must be positive: " + inRateHz + " -> " + outRateHz);
        }
        this.inRate = inRateHz;
        this.outRate = outRateHz;
        this.scale = Math.min(1.0, (double) outRateHz / inRateHz) * ROLLOFF;
        this.halfWidth = (int) Math.ceil(ZERO_CROSSINGS / scale);
        this.taps = 2 * halfWidth;
        this.phaseUnit = gcd(inRate, outRate);
        this.precomputes = precompute && inRate != outRate && outRate / phaseUnit * taps <= MAX_COEFFICIENTS;
    }

    /** All of {@code samples} at once, to its end: for audio held whole rather than streamed. */
    public static float[] whole(float[] samples, int inRateHz, int outRateHz) {
        Resampler resampler = new Resampler(inRateHz, outRateHz);
        float[] body = resampler.process(samples, samples.length);
        float[] tail = resampler.flush();
        float[] out = Arrays.copyOf(body, body.length + tail.length);
        System.arraycopy(tail, 0, out, body.length, tail.length);
        return out;
    }

    public boolean isPassThrough() {
        return inRate == outRate;
    }

    /** Resamples the next {@code count} input samples; returns what can be computed so far (maybe nothing). */
    public float[] process(float[] input, int count) {
        if (isPassThrough()) {
            inputCount += count;
            outputCount += count;
            return Arrays.copyOf(input, count);
        }
        append(input, count);
        long ready = (inputCount - halfWidth) * outRate;
        long limit = ready <= 0 ? 0 : ceilDiv(ready, inRate);
        return produce(Math.min(limit, totalOutput()));
    }

    /** Produces the rest at the end of the stream, as if silence followed. */
    public float[] flush() {
        if (isPassThrough()) {
            return new float[0];
        }
        return produce(totalOutput());
    }

    /** How many output samples the input so far will make in all: ceil(inputs * out / in). */
    private long totalOutput() {
        return ceilDiv(inputCount * outRate, inRate);
    }

    private float[] produce(long until) {
        int count = (int) Math.max(0, until - outputCount);
        float[] out = new float[count];
        if (precomputes && coefficients == null) {
            coefficients = coefficients();
        }
        for (int i = 0; i < count; i++) {
            long k = outputCount + i;
            if ((k * inRate) / outRate - halfWidth + 1 > lastSoundIndex) {
                continue; // every input the output weighs is zero: so is the output
            }
            out[i] = precomputes ? dotProduct(k) : interpolate(k);
        }
        outputCount += count;
        discardBefore(outputCount * inRate / outRate - halfWidth + 1);
        return out;
    }

    private float interpolate(long k) {
        long numerator = k * inRate;
        long whole = numerator / outRate;
        double fraction = (double) (numerator % outRate) / outRate;
        double sum = 0;
        for (long j = whole - halfWidth + 1; j <= whole + halfWidth; j++) {
            double distance = Math.abs(whole + fraction - j) * scale;
            if (distance >= ZERO_CROSSINGS) {
                continue;
            }
            sum += sample(j) * tap(distance);
        }
        return (float) (sum * scale);
    }

    /** Output sample {@code k} from the precomputed taps of its phase: {@link #interpolate}'s sum, taps in float. */
    private float dotProduct(long k) {
        long numerator = k * inRate;
        long first = numerator / outRate - halfWidth + 1;
        int base = (int) ((numerator % outRate) / phaseUnit) * taps;
        long offset = first - historyStart;
        double sum = 0;
        if (first >= 0 && offset >= 0 && offset + taps <= historyLength) {
            int from = (int) offset;
            for (int t = 0; t < taps; t++) {
                sum += history[from + t] * coefficients[base + t];
            }
        } else { // the stream's first samples, or its end while flushing: what lies outside is silence
            for (int t = 0; t < taps; t++) {
                sum += sample(first + t) * coefficients[base + t];
            }
        }
        return (float) sum;
    }

    /** Taps per phase, in input order: phase p sits p * phaseUnit / outRate of an input sample past its whole. */
    private float[] coefficients() {
        int phases = (int) (outRate / phaseUnit);
        float[] table = new float[phases * taps];
        for (int p = 0; p < phases; p++) {
            double fraction = (double) p * phaseUnit / outRate;
            for (int t = 0; t < taps; t++) {
                double distance = Math.abs(fraction + halfWidth - 1 - t) * scale;
                table[p * taps + t] = distance >= ZERO_CROSSINGS ? 0f : (float) (tap(distance) * scale);
            }
        }
        return table;
    }

    private float sample(long index) {
        long offset = index - historyStart;
        if (index < 0 || offset < 0 || offset >= historyLength) {
            return 0f; // before the stream started, or after its end while flushing
        }
        return history[(int) offset];
    }

    private static double tap(double distance) {
        double position = distance * TABLE_RESOLUTION;
        int index = (int) position;
        double weight = position - index;
        return TABLE[index] + (TABLE[index + 1] - TABLE[index]) * weight;
    }

    private void append(float[] input, int count) {
        if (historyLength + count > history.length) {
            history = Arrays.copyOf(history, Math.max(history.length * 2, historyLength + count));
        }
        System.arraycopy(input, 0, history, historyLength, count);
        for (int i = count - 1; i >= 0; i--) {
            if (input[i] != 0f) {
                lastSoundIndex = inputCount + i;
                break;
            }
        }
        historyLength += count;
        inputCount += count;
    }

    private void discardBefore(long index) {
        int drop = (int) Math.min(historyLength, Math.max(0, index - historyStart));
        if (drop > 0) {
            System.arraycopy(history, drop, history, 0, historyLength - drop);
            historyLength -= drop;
            historyStart += drop;
        }
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    private static float[] table() {
        int size = ZERO_CROSSINGS * TABLE_RESOLUTION + 2;
        float[] table = new float[size];
        double denominator = besselI0(KAISER_BETA);
        for (int i = 0; i < size; i++) {
            double x = (double) i / TABLE_RESOLUTION;
            double sinc = x == 0 ? 1.0 : Math.sin(Math.PI * x) / (Math.PI * x);
            double r = Math.min(1.0, x / ZERO_CROSSINGS);
            double window = besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / denominator;
            table[i] = (float) (sinc * window);
        }
        return table;
    }

    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        for (int k = 1; k < 50; k++) {
            term *= (x / (2 * k)) * (x / (2 * k));
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }
}
