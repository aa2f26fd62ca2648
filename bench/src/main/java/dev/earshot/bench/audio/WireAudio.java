package dev.earshot.bench.audio;

import dev.earshot.server.audio.Resampler;

/**
 * How a live stream carries its audio on the wire: the encoding and rate it declares, and how much audio each
 * binary frame holds. The fixtures are 16-bit PCM; this turns a programme into the bytes a client of that
 * kind would send.
 *
 * @param encoding     the {@code encoding} query parameter
 * @param sampleRateHz the {@code sample_rate} query parameter
 * @param bytesPerSample of one mono sample on the wire
 * @param frameMs      audio per binary frame
 */
public record WireAudio(String encoding, int sampleRateHz, int bytesPerSample, int frameMs) {
    /** What most clients send, and the server's own engine block: one frame is one step of the engine. */
    public static final int LINEAR16_FRAME_MS = 100;
    /**
     * A phone call as Twilio Media Streams and most SIP gateways deliver it: G.711 μ-law at 8 kHz in 20 ms
     * frames (160 bytes), fifty frames a second per stream, which the server resamples to the model's 16 kHz.
     */
    public static final WireAudio TELEPHONY = new WireAudio("mulaw", 8000, 1, 20);

    /** Raw 16-bit PCM at the fixtures' own rate in 100 ms frames. */
    public static WireAudio linear16(int sampleRateHz) {
        return new WireAudio("linear16", sampleRateHz, 2, LINEAR16_FRAME_MS);
    }

    public int frameBytes() {
        return sampleRateHz * frameMs / 1000 * bytesPerSample;
    }

    /** The query parameters that describe this audio (mono). */
    public String query() {
        return "encoding=" + encoding + "&sample_rate=" + sampleRateHz + "&channels=1";
    }

    /** A programme's audio as this wire carries it. */
    public byte[] encode(Programme programme) {
        return encode(programme.pcm(), programme.sampleRateHz());
    }

    /**
     * 16-bit mono PCM at {@code pcmRateHz} as this wire carries it: resampled by the server's own band-limited
     * resampler when the rates differ (the phone network's low-pass before 8 kHz sampling).
     */
    public byte[] encode(byte[] pcm, int pcmRateHz) {
        boolean linear16 = encoding.equals("linear16");
        if (!linear16 && !encoding.equals("mulaw")) {
            throw new IllegalStateException("no encoder for " + encoding + " at " + sampleRateHz + " Hz");
        }
        if (linear16 && sampleRateHz == pcmRateHz) {
            return pcm;
        }
        float[] samples = new float[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) ((pcm[2 * i] & 0xFF) | (pcm[2 * i + 1] << 8)) / 32768f;
        }
        float[] wire = pcmRateHz == sampleRateHz ? samples : Resampler.whole(samples, pcmRateHz, sampleRateHz);
        byte[] out = new byte[wire.length * bytesPerSample];
        for (int i = 0; i < wire.length; i++) {
            if (linear16) {
                short sample = (short) Math.round(Math.max(-1f, Math.min(1f, wire[i])) * 32767f);
                out[2 * i] = (byte) sample;
                out[2 * i + 1] = (byte) (sample >> 8);
            } else {
                out[i] = mulaw(wire[i]);
            }
        }
        return out;
    }

    /** ITU-T G.711 μ-law of a sample in [-1, 1]: sign, 3-bit segment, 4-bit step, all bits inverted. */
    static byte mulaw(float sample) {
        int linear = Math.round(Math.max(-1f, Math.min(1f, sample)) * 32767f);
        int sign = linear < 0 ? 0x80 : 0;
        int magnitude = Math.min(Math.abs(linear), 32635) + 0x84; // clip, then G.711's bias of 132
        int segment = 7;
        for (int mask = 0x4000; (magnitude & mask) == 0 && segment > 0; mask >>= 1) {
            segment--;
        }
        int step = (magnitude >> (segment + 3)) & 0x0F;
        return (byte) ~(sign | (segment << 4) | step);
    }
}
