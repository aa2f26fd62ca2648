package dev.earshot.server.audio;

/** How one sample is stored in raw audio bytes. All multi-byte formats are little-endian. */
public enum SampleFormat {
    U8(1), S16LE(2), S24LE(3), S32LE(4), F32LE(4), F64LE(8), MULAW(1), ALAW(1);

    private final int bytesPerSample;

    SampleFormat(int bytesPerSample) {
        this.bytesPerSample = bytesPerSample;
    }

    public int bytesPerSample() {
        return bytesPerSample;
    }
}
