package dev.earshot.server.audio;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The silent audio of one channel that was held back from the engine between segments: the most recent
 * blocks, up to a duration. When a sound starts they are decoded first, so the engine hears the onset
 * that the energy tracker confirms only some frames in; older blocks fall out undecoded.
 *
 * <p>Decode lane only.
 */
public final class PreRoll {
    private final long capacitySamples;
    private final Deque<short[]> blocks = new ArrayDeque<>();
    private long heldSamples;

    public PreRoll(long capacitySamples) {
        this.capacitySamples = capacitySamples;
    }

    /** Whether audio may be held back at all (a zero pre-roll decodes everything). */
    public boolean enabled() {
        return capacitySamples > 0;
    }

    /**
     * Holds a block back.
     *
     * @return how many of the oldest samples fell out, never to be decoded
     */
    public long hold(short[] block) {
        blocks.addLast(block);
        heldSamples += block.length;
        long dropped = 0;
        while (heldSamples - blocks.peekFirst().length >= capacitySamples) {
            short[] oldest = blocks.pollFirst();
            heldSamples -= oldest.length;
            dropped += oldest.length;
        }
        return dropped;
    }

    /** The blocks held, oldest first, and forgets them. */
    public Deque<short[]> release() {
        Deque<short[]> released = new ArrayDeque<>(blocks);
        blocks.clear();
        heldSamples = 0;
        return released;
    }

    public boolean isEmpty() {
        return blocks.isEmpty();
    }
}
