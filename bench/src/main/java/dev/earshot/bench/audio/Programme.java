package dev.earshot.bench.audio;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What one stream plays: fixtures one after another, starting at a given one and going round, cut between
 * sentences so that the reference text is exactly what was spoken.
 *
 * @param pcm        16-bit mono little-endian samples
 * @param onsetsSec  speech onsets, in seconds of this programme
 * @param reference  the words spoken, for the word error rate
 * @param pieces     what was played, e.g. {@code speech-a, speech-b[1-2]}, for the report
 */
public record Programme(byte[] pcm, int sampleRateHz, List<Double> onsetsSec, String reference, List<String> pieces) {
    /**
     * Silence after each fixture. The fixtures end right after their last word, and fixtures follow each
     * other with only ~0.2 s of quiet: without a tail, the last sentence would end in CloseStream's flush or
     * run into the next fixture, and never get an endpointed (speech_final) Results to time.
     */
    public static final Duration TAIL = Duration.ofSeconds(1);

    public Programme {
        onsetsSec = List.copyOf(onsetsSec);
        pieces = List.copyOf(pieces);
    }

    public double seconds() {
        return pcm.length / 2.0 / sampleRateHz;
    }

    /**
     * The programme that starts at fixture {@code first} (going round the list) and lasts about
     * {@code wanted}: whole fixtures while they fit, then the sentences of the next that fit, at least one
     * sentence in all. {@code wanted} null: exactly one fixture.
     */
    public static Programme build(List<Fixture> fixtures, int first, Duration wanted) {
        int rate = fixtures.get(0).sampleRateHz();
        int tailBytes = (int) (TAIL.toMillis() * rate / 1000) * 2;
        long wantedBytes = wanted == null ? Long.MAX_VALUE : wanted.toMillis() * rate / 1000 * 2;
        Builder builder = new Builder(rate, tailBytes);
        for (int i = first; ; i++) {
            Fixture fixture = fixtures.get(i % fixtures.size());
            long room = wantedBytes - builder.bytes() - tailBytes;
            int fit = fit(fixture, room);
            if (fit == 0 && builder.bytes() == 0) {
                fit = 1; // too short a duration still plays one sentence
            }
            if (fit == 0) {
                break;
            }
            builder.append(fixture, fit);
            if (wanted == null || fit < fixture.pieces()) {
                break;
            }
        }
        return builder.build();
    }

    /** How many of the fixture's pieces fit in {@code roomBytes}. */
    private static int fit(Fixture fixture, long roomBytes) {
        int fit = 0;
        while (fit < fixture.pieces() && fixture.cutBytes(fit + 1) <= roomBytes) {
            fit++;
        }
        return fit;
    }

    /** Accumulates pieces; the programme's onsets are shifted by what came before. */
    private static final class Builder {
        private final int rate;
        private final int tailBytes;
        private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
        private final List<Double> onsets = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();
        private final List<String> pieces = new ArrayList<>();

        Builder(int rate, int tailBytes) {
            this.rate = rate;
            this.tailBytes = tailBytes;
        }

        long bytes() {
            return audio.size();
        }

        void append(Fixture fixture, int count) {
            double offsetSec = audio.size() / 2.0 / rate;
            for (double onset : fixture.onsets(count)) {
                onsets.add(offsetSec + onset);
            }
            audio.write(fixture.pcm(), 0, fixture.cutBytes(count));
            audio.writeBytes(new byte[tailBytes]);
            texts.add(fixture.text(count));
            pieces.add(count == fixture.pieces() ? fixture.name() : fixture.name() + "[1-" + count + "]");
        }

        Programme build() {
            return new Programme(audio.toByteArray(), rate, onsets, String.join(" ", texts), pieces);
        }
    }
}
