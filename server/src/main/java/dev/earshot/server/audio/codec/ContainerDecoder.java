package dev.earshot.server.audio.codec;

import dev.earshot.server.audio.AudioDecoder;
import dev.earshot.server.audio.AudioFormat;
import dev.earshot.server.audio.PcmBlock;
import dev.earshot.server.audio.UndecodableAudioException;
import dev.earshot.server.audio.container.Container;
import java.util.Optional;

/**
 * Audio without an {@code encoding}: recognises the container from its first bytes, which may arrive
 * split over several frames, then hands everything to that container's decoder. Bytes that rule out
 * every known signature are rejected at once (DATA-0000), not after a timeout.
 */
public final class ContainerDecoder implements AudioDecoder {
    /** Makes the decoder for a recognised container. */
    @FunctionalInterface
    public interface Opener {
        AudioDecoder open(Container container) throws UndecodableAudioException;
    }

    private final Opener opener;
    /** The first bytes, until the container is known. Decode lane only. */
    private final byte[] head = new byte[Container.SNIFF_BYTES];
    /** Read by other threads for the request log. */
    private volatile Container identified;
    private int headLength;
    private AudioDecoder inner;

    public ContainerDecoder(Opener opener) {
        this.opener = opener;
    }

    @Override
    public Optional<AudioFormat> format() {
        return inner == null ? Optional.empty() : inner.format();
    }

    @Override
    public PcmBlock decode(byte[] bytes, int offset, int length) throws UndecodableAudioException {
        if (inner != null) {
            return inner.decode(bytes, offset, length);
        }
        int taken = Math.min(length, head.length - headLength);
        System.arraycopy(bytes, offset, head, headLength, taken);
        headLength += taken;
        Optional<Container> container = identify();
        if (container.isEmpty()) {
            return PcmBlock.EMPTY; // a prefix of some signature: wait for more bytes
        }
        identified = container.get();
        inner = opener.open(container.get());
        byte[] first = new byte[headLength + length - taken];
        System.arraycopy(head, 0, first, 0, headLength);
        System.arraycopy(bytes, offset + taken, first, headLength, length - taken);
        return inner.decode(first, 0, first.length);
    }

    @Override
    public boolean hasMore() {
        return inner != null && inner.hasMore();
    }

    @Override
    public PcmBlock more() throws UndecodableAudioException {
        return inner == null ? PcmBlock.EMPTY : inner.more();
    }

    @Override
    public PcmBlock finish() throws UndecodableAudioException {
        return inner == null ? PcmBlock.EMPTY : inner.finish();
    }

    @Override
    public long ownThreadCpuNanos() {
        return inner == null ? 0 : inner.ownThreadCpuNanos();
    }

    @Override
    public Optional<String> incompleteInput() {
        if (inner == null) {
            return Optional.of("the " + headLength + " bytes received are too few to tell which container they are");
        }
        return inner.incompleteInput();
    }

    @Override
    public Optional<String> container() {
        Container known = identified;
        return known == null ? Optional.empty() : Optional.of(known.name().toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public void close() {
        if (inner != null) {
            inner.close();
        }
    }

    /** The container, empty while the bytes so far are still the start of some signature. */
    private Optional<Container> identify() throws UndecodableAudioException {
        boolean undecided = false;
        for (Container candidate : Container.values()) {
            Container.Verdict verdict = candidate.test(head, headLength);
            if (verdict == Container.Verdict.MATCH) {
                return Optional.of(candidate);
            }
            undecided |= verdict == Container.Verdict.NEED_MORE;
        }
        if (undecided && headLength < head.length) {
            return Optional.empty();
        }
        // Sending raw audio without encoding is the most common mistake: the hint must fit in the close reason.
        throw new UndecodableAudioException("no known container (first bytes "
                + hex(head, Math.min(headLength, 8)) + "); for raw audio give encoding and sample_rate");
    }

    private static String hex(byte[] bytes, int length) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < length; i++) {
            text.append(String.format("%02x", bytes[i] & 0xFF));
        }
        return text.toString();
    }
}
