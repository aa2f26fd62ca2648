package dev.earshot.server.audio.container;

import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.UndecodableAudioException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Holds back the first bytes of an MP4 until its top-level boxes show where the index is. An MP4 whose
 * {@code moov} box comes after the media ({@code mdat}) cannot be decoded from a stream that cannot seek:
 * that is refused at once with a reason that says how to fix it, instead of a generic decoder failure.
 * Faststart ({@code moov} first) and fragmented MP4 ({@code moof}) pass through to the real decoder.
 */
public final class Mp4Layout implements AudioDecoder {
    /** The index is normally within the first KB; past this much header, let the decoder judge. */
    static final int MAX_HELD_BYTES = 1 << 20;

    private final AudioDecoder inner;
    /** Decode lane only. */
    private final ByteArrayOutputStream held = new ByteArrayOutputStream();
    private long nextBox;
    private boolean decided;

    public Mp4Layout(AudioDecoder inner) {
        this.inner = inner;
    }

    @Override
    public PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException {
        if (decided) {
            return inner.decode(bytes, offset, length);
        }
        held.write(bytes, offset, length);
        byte[] head = held.toByteArray();
        while (!decided && nextBox + 8 <= head.length) {
            long size = uint32(head, (int) nextBox);
            String type = new String(head, (int) nextBox + 4, 4, StandardCharsets.ISO_8859_1);
            if (type.equals("moov") || type.equals("moof")) {
                decided = true;
            } else if (type.equals("mdat")) {
                throw new UndecodableAudioException("MP4 with its index (moov) after the media cannot be decoded"
                        + " live; use faststart or fragmented MP4, or POST the file");
            } else if (size == 1) {
                if (nextBox + 16 > head.length) {
                    break;
                }
                nextBox += uint32(head, (int) nextBox + 8) << 32 | uint32(head, (int) nextBox + 12);
            } else if (size < 8) {
                throw new UndecodableAudioException("MP4 box '" + type.replaceAll("[^\\x20-\\x7e]", "?")
                        + "' has an impossible size of " + size + " bytes");
            } else {
                nextBox += size;
            }
        }
        if (!decided && head.length >= MAX_HELD_BYTES) {
            decided = true;
        }
        if (!decided) {
            return PcmBlock.EMPTY;
        }
        held.reset();
        return inner.decode(head, 0, head.length);
    }

    @Override
    public boolean hasMore() {
        return inner.hasMore();
    }

    @Override
    public PcmBlock more() throws UndecodableAudioException {
        return inner.more();
    }

    @Override
    public PcmBlock finish() throws UndecodableAudioException {
        if (!decided && held.size() > 0) {
            decided = true;
            byte[] head = held.toByteArray();
            held.reset();
            // The audio these bytes make joins the tail: a block-at-a-time decoder takes more input at any time.
            return inner.decode(head, 0, head.length).followedBy(inner.finish());
        }
        return inner.finish();
    }

    @Override
    public long ownThreadCpuNanos() {
        return inner.ownThreadCpuNanos();
    }

    @Override
    public Optional<AudioFormat> format() {
        return inner.format();
    }

    @Override
    public void close() {
        inner.close();
    }

    private static long uint32(byte[] b, int i) {
        return (b[i] & 0xFFL) << 24 | (b[i + 1] & 0xFFL) << 16 | (b[i + 2] & 0xFFL) << 8 | (b[i + 3] & 0xFFL);
    }
}
