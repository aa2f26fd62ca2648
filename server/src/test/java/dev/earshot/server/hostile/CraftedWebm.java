package dev.earshot.server.hostile;

import static dev.earshot.server.hostile.CraftedAudio.crafted;

import dev.earshot.server.hostile.CraftedAudio.Crafted;
import dev.earshot.server.hostile.Ebml.Element;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;

/**
 * WebM that lies: speech-a.opus.webm (ffmpeg, Opus, 48 kHz mono, every element sized) with one field patched,
 * found by walking its EBML elements.
 */
final class CraftedWebm {
    static final String FIXTURE = "speech-a.opus.webm";
    static final long[] AUDIO_PATH = {Ebml.SEGMENT, Ebml.TRACKS, Ebml.TRACK_ENTRY, Ebml.AUDIO};
    static final double SAMPLING_FREQUENCY = 1e12;

    private CraftedWebm() {
    }

    static List<Crafted> all() {
        return List.of(samplingFrequency(), channels(), clusterSizeTruncated(), simpleBlockSizeTruncated(),
                ebmlHeaderSize());
    }

    static Crafted samplingFrequency() {
        byte[] webm = CraftedAudio.fixture(FIXTURE);
        Element rate = Ebml.find(webm, path(Ebml.SAMPLING_FREQUENCY));
        ByteBuffer data = ByteBuffer.wrap(webm);
        if (rate.size() == 4) {
            data.putFloat(rate.dataOffset(), (float) SAMPLING_FREQUENCY);
        } else {
            data.putDouble(rate.dataOffset(), SAMPLING_FREQUENCY);
        }
        return crafted("webm-sampling-frequency-1e12", webm, "The audio track's SamplingFrequency (0xB5, data at byte "
                + rate.dataOffset() + ") is 1e12 Hz instead of 48000.");
    }

    static Crafted channels() {
        byte[] webm = CraftedAudio.fixture(FIXTURE);
        Element channels = Ebml.find(webm, path(Ebml.CHANNELS));
        Arrays.fill(webm, channels.dataOffset(), channels.dataOffset() + (int) channels.size() - 1, (byte) 0);
        webm[channels.dataOffset() + (int) channels.size() - 1] = (byte) 255;
        return crafted("webm-channels-255", webm, "The audio track's Channels (0x9F, data at byte "
                + channels.dataOffset() + ") is 255 while its Opus stream and OpusHead are mono.");
    }

    /** The fixture up to its first Cluster's size field, an 8-byte size of 2^56 − 2, and nothing more. */
    static Crafted clusterSizeTruncated() {
        byte[] webm = CraftedAudio.fixture(FIXTURE);
        Element cluster = Ebml.find(webm, Ebml.SEGMENT, Ebml.CLUSTER);
        return crafted("webm-cluster-size-2pow56-truncated", sizedThenEnd(webm, cluster),
                "The first Cluster's size field (byte " + cluster.sizeOffset() + ") claims 2^56-2 bytes, the largest"
                        + " known size, and the file ends right after it.");
    }

    /** The fixture up to its first SimpleBlock's size field, an 8-byte size of 2^56 − 2, and nothing more. */
    static Crafted simpleBlockSizeTruncated() {
        byte[] webm = CraftedAudio.fixture(FIXTURE);
        Element cluster = Ebml.find(webm, Ebml.SEGMENT, Ebml.CLUSTER);
        Element block = Ebml.find(webm, Ebml.SEGMENT, Ebml.CLUSTER, Ebml.SIMPLE_BLOCK);
        return crafted("webm-simpleblock-size-2pow56-truncated", sizedThenEnd(webm, block),
                "The first SimpleBlock's size field (byte " + block.sizeOffset() + ") claims 2^56-2 bytes inside a"
                        + " Cluster of " + cluster.size() + ", and the file ends right after it.");
    }

    /** The EBML header's own size rewritten as the 8 bytes 01 FF FF FF FF FF FF FE; all that follows is kept. */
    static Crafted ebmlHeaderSize() {
        byte[] webm = CraftedAudio.fixture(FIXTURE);
        Element header = Ebml.find(webm, Ebml.EBML);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(webm, 0, header.sizeOffset());
        out.writeBytes(Ebml.size(Ebml.MAX_SIZE, 8));
        out.write(webm, header.dataOffset(), webm.length - header.dataOffset());
        return crafted("webm-ebml-header-size-2pow56", out.toByteArray(),
                "The EBML header, the file's first element, claims an 8-byte size (byte " + header.sizeOffset()
                        + ") of 0x00FFFFFFFFFFFFFE instead of " + header.size() + ", swallowing the whole file.");
    }

    private static byte[] sizedThenEnd(byte[] webm, Element element) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(webm, 0, element.sizeOffset());
        out.writeBytes(Ebml.size(Ebml.MAX_SIZE, 8));
        return out.toByteArray();
    }

    static long[] path(long leaf) {
        long[] path = Arrays.copyOf(AUDIO_PATH, AUDIO_PATH.length + 1);
        path[AUDIO_PATH.length] = leaf;
        return path;
    }
}
