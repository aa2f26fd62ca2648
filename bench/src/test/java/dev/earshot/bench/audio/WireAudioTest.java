package dev.earshot.bench.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class WireAudioTest {
    /** G.711's μ-law expansion, written out here so that the encoder is checked against the standard, not itself. */
    private static int expand(byte encoded) {
        int bits = ~encoded & 0xFF;
        int segment = (bits >> 4) & 0x07;
        int magnitude = ((((bits & 0x0F) << 3) + 0x84) << segment) - 0x84;
        return (bits & 0x80) != 0 ? -magnitude : magnitude;
    }

    @Test
    void mulawCodesMatchG711() {
        assertThat(WireAudio.mulaw(0f)).isEqualTo((byte) 0xFF);
        assertThat(WireAudio.mulaw(1f)).isEqualTo((byte) 0x80);
        assertThat(WireAudio.mulaw(-1f)).isEqualTo((byte) 0x00);
        assertThat(expand(WireAudio.mulaw(1000 / 32767f))).isEqualTo(988); // segment 3: steps of 32
        for (int linear = -32767; linear <= 32767; linear += 7) {
            int decoded = expand(WireAudio.mulaw(linear / 32767f));
            // Each segment doubles the step: 8 in the first, 1024 in the last, and a value is off by one step at most.
            int step = 8 << Math.max(0, 31 - Integer.numberOfLeadingZeros((Math.abs(linear) + 0x84) >> 7));
            assertThat(Math.abs(decoded - linear)).as("%d decoded as %d", linear, decoded).isLessThanOrEqualTo(step);
            assertThat(Integer.signum(decoded)).as("sign of %d", linear).isIn(0, Integer.signum(linear));
        }
    }

    @Test
    void aPhoneCallCarriesHalfTheSamplesAtAByteEachInFramesOf160Bytes() throws IOException {
        List<Fixture> fixtures = Fixtures.bundled();
        Programme programme = Programme.build(fixtures, 0, null);
        byte[] call = WireAudio.TELEPHONY.encode(programme);
        int samples16k = programme.pcm().length / 2;
        assertThat(call.length).isCloseTo(samples16k / 2, within(1));
        assertThat(WireAudio.TELEPHONY.frameBytes()).isEqualTo(160);
        assertThat(WireAudio.TELEPHONY.query()).isEqualTo("encoding=mulaw&sample_rate=8000&channels=1");

        // Speech keeps nearly all its energy below 4 kHz: the call is as loud as the fixture, within 1.5 dB.
        double original = 0;
        for (int i = 0; i < samples16k; i++) {
            double sample = (short) ((programme.pcm()[2 * i] & 0xFF) | (programme.pcm()[2 * i + 1] << 8));
            original += sample * sample;
        }
        double phoned = 0;
        for (byte code : call) {
            double sample = expand(code);
            phoned += sample * sample;
        }
        double db = 10 * Math.log10((phoned / call.length) / (original / samples16k));
        assertThat(db).isCloseTo(0, within(1.5));
    }

    @Test
    void linear16AtTheFixturesRateIsThePcmItself() throws IOException {
        Programme programme = Programme.build(Fixtures.bundled(), 1, null);
        WireAudio wire = WireAudio.linear16(programme.sampleRateHz());
        assertThat(wire.encode(programme)).isSameAs(programme.pcm());
        assertThat(wire.frameBytes()).isEqualTo(3200);
        assertThat(wire.frameMs()).isEqualTo(100);
    }
}
