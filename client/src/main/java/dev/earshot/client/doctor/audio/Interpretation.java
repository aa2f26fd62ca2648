package dev.earshot.client.doctor.audio;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * A way to read raw bytes as samples: the raw Deepgram encodings, and big-endian 16-bit, which Deepgram does
 * not take but is a common mistake. Decoding goes through javax.sound's converters (G.711, float, byte order).
 */
public enum Interpretation {
    LINEAR16("linear16", "16-bit little-endian PCM"),
    LINEAR16_BIG_ENDIAN(null, "16-bit big-endian PCM"),
    MULAW("mulaw", "μ-law"),
    ALAW("alaw", "A-law"),
    LINEAR32("linear32", "32-bit float PCM");

    private final String encoding;
    private final String description;

    Interpretation(String encoding, String description) {
        this.encoding = encoding;
        this.description = description;
    }

    /** The {@code encoding} value, or null when Deepgram has none (big-endian). */
    public String encoding() {
        return encoding;
    }

    public String description() {
        return description;
    }

    public int bytesPerSample() {
        return switch (this) {
            case LINEAR16, LINEAR16_BIG_ENDIAN -> 2;
            case MULAW, ALAW -> 1;
            case LINEAR32 -> 4;
        };
    }

    /** The raw encoding named {@code encoding}, or null when it is not a raw PCM/G.711 one. */
    public static Interpretation of(String encoding) {
        for (Interpretation candidate : values()) {
            if (candidate.encoding != null && candidate.encoding.equals(encoding)) {
                return candidate;
            }
        }
        return null;
    }

    private AudioFormat format(int sampleRate, int channels) {
        return switch (this) {
            case LINEAR16 -> new AudioFormat(sampleRate, 16, channels, true, false);
            case LINEAR16_BIG_ENDIAN -> new AudioFormat(sampleRate, 16, channels, true, true);
            case MULAW -> new AudioFormat(AudioFormat.Encoding.ULAW, sampleRate, 8, channels, channels, sampleRate, false);
            case ALAW -> new AudioFormat(AudioFormat.Encoding.ALAW, sampleRate, 8, channels, channels, sampleRate, false);
            case LINEAR32 -> new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, sampleRate, 32, channels, 4 * channels,
                    sampleRate, false);
        };
    }

    /** The bytes as 16-bit little-endian PCM, interleaved; a trailing partial frame is dropped. */
    public byte[] toLinear16(byte[] bytes, int offset, int length, int sampleRate, int channels) {
        AudioFormat source = format(sampleRate, channels);
        int frameBytes = source.getFrameSize();
        int usable = length - length % frameBytes;
        AudioFormat target = new AudioFormat(sampleRate, 16, channels, true, false);
        try (AudioInputStream raw = new AudioInputStream(new ByteArrayInputStream(bytes, offset, usable), source,
                usable / frameBytes);
             AudioInputStream converted = AudioSystem.getAudioInputStream(target, raw)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(usable / bytesPerSample() * 2);
            converted.transferTo(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bytes as samples in [-1, 1], interleaved. */
    public double[] samples(byte[] bytes, int offset, int length, int sampleRate, int channels) {
        byte[] pcm = toLinear16(bytes, offset, length, sampleRate, channels);
        ByteBuffer le = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        double[] samples = new double[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = le.getShort(2 * i) / 32768.0;
        }
        return samples;
    }
}
