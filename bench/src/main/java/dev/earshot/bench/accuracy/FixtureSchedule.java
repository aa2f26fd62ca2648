package dev.earshot.bench.accuracy;

import java.util.ArrayList;
import java.util.List;

/**
 * Which fixtures each of N streams plays, in what order: every stream plays every fixture once, one after
 * another, starting one further along the list than the stream before. So at any N each fixture is heard N
 * times, the load stays N streams for nearly the whole step, and at a given moment the streams are mostly in
 * different recordings.
 */
public final class FixtureSchedule {
    private FixtureSchedule() {
    }

    /** The fixture indices stream {@code stream} (from 0) plays, in order. */
    public static List<Integer> order(int stream, int fixtures) {
        if (stream < 0 || fixtures < 1) {
            throw new IllegalArgumentException("stream " + stream + " of " + fixtures + " fixtures");
        }
        List<Integer> order = new ArrayList<>(fixtures);
        for (int k = 0; k < fixtures; k++) {
            order.add((stream + k) % fixtures);
        }
        return order;
    }
}
