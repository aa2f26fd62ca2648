package dev.earshot.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep insertion order ({@code Map.copyOf} does not): {@code extra} echoes the query's order. */
final class Ordered {
    private Ordered() {
    }

    static <K, V> Map<K, V> copy(Map<K, V> map) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
