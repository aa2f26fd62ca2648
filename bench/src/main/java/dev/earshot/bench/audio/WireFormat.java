package dev.earshot.bench.audio;

import dev.earshot.bench.audio.opus.OggOpusEncoder;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The audio formats a client may stream to the server ({@code --wire}): what each declares in its query, and
 * how the bench turns 16-bit PCM into the chunks such a client sends.
 */
public enum WireFormat {
    /** What most clients send: the fixtures' own PCM, 100 ms a frame. */
    LINEAR16_16K("linear16-16k", WireAudio.linear16(16_000)),
    /** Narrowband PCM, as some SIP gateways deliver it. */
    LINEAR16_8K("linear16-8k", new WireAudio("linear16", 8_000, 2, WireAudio.LINEAR16_FRAME_MS)),
    /** A phone call as Twilio Media Streams delivers it. */
    MULAW_8K("mulaw-8k", WireAudio.TELEPHONY),
    /** What a browser or VoIP client streams: Opus in Ogg pages, no raw parameters needed beyond the rate. */
    OGG_OPUS("ogg-opus", null);

    /** The rate the Opus stream is encoded at: the fixtures' and the model's wideband rate. */
    public static final int OPUS_INPUT_RATE_HZ = 16_000;

    private final String optionValue;
    /** The raw PCM wire; null for a container format. */
    private final WireAudio raw;

    WireFormat(String optionValue, WireAudio raw) {
        this.optionValue = optionValue;
        this.raw = raw;
    }

    /** The format named as {@code --wire} spells it, e.g. {@code mulaw-8k}. */
    public static WireFormat named(String value) {
        for (WireFormat format : values()) {
            if (format.optionValue.equals(value.trim().toLowerCase(Locale.ROOT))) {
                return format;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not a wire format: use one of " + optionValues());
    }

    public static String optionValues() {
        return Arrays.stream(values()).map(WireFormat::optionValue).collect(Collectors.joining(", "));
    }

    public String optionValue() {
        return optionValue;
    }

    /** Whether the server gets 8 kHz audio: then the fixtures' 8 kHz originals are sent where there are some. */
    public boolean narrowband() {
        return raw != null && raw.sampleRateHz() == 8_000;
    }

    /** The sample rate on the wire. */
    public int sampleRateHz() {
        return raw != null ? raw.sampleRateHz() : OPUS_INPUT_RATE_HZ;
    }

    /** Raw PCM on the wire (null for Ogg/Opus, which only --accuracy sends). */
    public WireAudio raw() {
        return raw;
    }

    /** The query parameters that describe the audio (FormatsTest's live Ogg/Opus row for the container). */
    public String query() {
        return raw != null ? raw.query() : "encoding=ogg-opus&sample_rate=" + OPUS_INPUT_RATE_HZ;
    }

    /** For the report's parameter line: what goes on the wire, in words. */
    public String describe() {
        if (raw == null) {
            return String.format(Locale.ROOT, "Ogg/Opus %d kbit/s mono from %d Hz, %d ms packets, ~%d ms pages, a chunk"
                            + " of ~%d ms per message", OggOpusEncoder.BITRATE_BPS / 1000, OPUS_INPUT_RATE_HZ,
                    OggOpusEncoder.PACKET_MS, OggOpusEncoder.PAGE_MS, WireClip.OGG_CHUNK_MS);
        }
        return String.format(Locale.ROOT, "%s at %d Hz in %d ms frames", raw.encoding(), raw.sampleRateHz(),
                raw.frameMs());
    }

    /**
     * 16-bit mono PCM as this format's client sends it. {@code pcm} is at {@code pcmRateHz}: the wire's own rate
     * (a narrowband original) or the fixtures' 16 kHz, resampled here when the wire's rate differs.
     */
    public WireClip clip(byte[] pcm, int pcmRateHz) {
        if (raw != null) {
            return WireClip.frames(raw.encode(pcm, pcmRateHz), raw.frameBytes(), raw.frameMs());
        }
        if (pcmRateHz != OPUS_INPUT_RATE_HZ) {
            throw new IllegalArgumentException("Ogg/Opus is encoded from " + OPUS_INPUT_RATE_HZ + " Hz PCM, not "
                    + pcmRateHz + " Hz");
        }
        return WireClip.oggPages(OggOpusEncoder.encode(pcm, pcmRateHz), WireClip.OGG_CHUNK_MS);
    }
}
