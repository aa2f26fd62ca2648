package dev.earshot.server.audio;

/** Raw interleaved audio: how samples are stored, how many per second, how many channels. */
public record AudioFormat(SampleFormat sampleFormat, int sampleRateHz, int channels) {
    public AudioFormat {
        if (sampleRateHz <= 0 || channels <= 0) {
            throw new IllegalArgumentException("bad audio format: " + sampleRateHz + " Hz, " + channels + " channels");
        }
    }

    public int bytesPerFrame() {
        return sampleFormat.bytesPerSample() * channels;
    }

    public long bytesPerSecond() {
        return (long) bytesPerFrame() * sampleRateHz;
    }

    @Override
    public String toString() {
        return sampleFormat + " " + sampleRateHz + " Hz " + channels + " ch";
    }
}
