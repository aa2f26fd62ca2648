package dev.earshot.server.audio;

/** ITU-T G.711 μ-law and A-law expansion to linear samples, by table (256 entries each). */
final class G711 {
    private static final float[] MULAW = new float[256];
    private static final float[] ALAW = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            MULAW[i] = expandMulaw(i) / 32768f;
            ALAW[i] = expandAlaw(i) / 32768f;
        }
    }

    private G711() {
    }

    static float mulaw(byte encoded) {
        return MULAW[encoded & 0xFF];
    }

    static float alaw(byte encoded) {
        return ALAW[encoded & 0xFF];
    }

    private static int expandMulaw(int encoded) {
        int u = ~encoded & 0xFF;
        int sign = u & 0x80;
        int exponent = (u >> 4) & 0x07;
        int mantissa = u & 0x0F;
        int magnitude = ((mantissa << 3) + 0x84) << exponent;
        magnitude -= 0x84;
        return sign != 0 ? -magnitude : magnitude;
    }

    private static int expandAlaw(int encoded) {
        int a = encoded ^ 0x55;
        int sign = a & 0x80;
        int exponent = (a >> 4) & 0x07;
        int mantissa = a & 0x0F;
        int magnitude = exponent == 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
        return sign != 0 ? magnitude : -magnitude;
    }
}
