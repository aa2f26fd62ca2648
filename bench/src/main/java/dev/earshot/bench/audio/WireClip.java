package dev.earshot.bench.audio;

import dev.earshot.bench.audio.opus.OggPages;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One recording as a client sends it: the binary messages in order, each with the audio time it reaches,
 * so that a real-time sender can send message k when the audio before it has played.
 *
 * @param chunks the messages' bytes
 * @param endsSec where each message's audio ends, in seconds from the start, non-decreasing
 */
public record WireClip(List<byte[]> chunks, List<Double> endsSec) {
    /** A live Ogg/Opus sender's message: the pages made in about this much audio (what --wire ogg-opus sends). */
    public static final int OGG_CHUNK_MS = 100;
    /** Opus granule positions count 48 kHz samples, whatever the input rate (RFC 7845 §4). */
    private static final double OPUS_GRANULE_HZ = 48_000;

    public WireClip {
        chunks = List.copyOf(chunks);
        endsSec = List.copyOf(endsSec);
        if (chunks.size() != endsSec.size()) {
            throw new IllegalArgumentException(chunks.size() + " chunks but " + endsSec.size() + " end times");
        }
    }

    /** Raw audio cut into frames of {@code frameBytes}, the last one shorter. */
    public static WireClip frames(byte[] audio, int frameBytes, int frameMs) {
        List<byte[]> chunks = new ArrayList<>();
        List<Double> ends = new ArrayList<>();
        for (int offset = 0; offset < audio.length; offset += frameBytes) {
            int end = Math.min(audio.length, offset + frameBytes);
            chunks.add(Arrays.copyOfRange(audio, offset, end));
            ends.add((double) end / frameBytes * frameMs / 1000.0);
        }
        return new WireClip(chunks, ends);
    }

    /**
     * An Ogg stream cut at page boundaries into messages of at least {@code chunkMs} of audio each (the last may
     * hold less): the header pages go with the first audio, as a sender flushes them together.
     */
    public static WireClip oggPages(byte[] ogg, int chunkMs) {
        List<byte[]> chunks = new ArrayList<>();
        List<Double> ends = new ArrayList<>();
        int chunkStart = 0;
        double chunkStartSec = 0;
        List<OggPages.Page> pages = OggPages.read(ogg);
        for (OggPages.Page page : pages) {
            double endSec = page.granule() / OPUS_GRANULE_HZ;
            int pageEnd = page.offset() + page.length();
            if (endSec - chunkStartSec >= chunkMs / 1000.0 - 1e-9 || pageEnd == ogg.length) {
                chunks.add(Arrays.copyOfRange(ogg, chunkStart, pageEnd));
                ends.add(endSec);
                chunkStart = pageEnd;
                chunkStartSec = endSec;
            }
        }
        return new WireClip(chunks, ends);
    }

    /** Where message {@code k}'s audio starts: when a real-time sender sends it. */
    public double startSec(int k) {
        return k == 0 ? 0 : endsSec.get(k - 1);
    }

    public int bytes() {
        return chunks.stream().mapToInt(chunk -> chunk.length).sum();
    }
}
