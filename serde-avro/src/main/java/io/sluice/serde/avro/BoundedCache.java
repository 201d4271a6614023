package io.sluice.serde.avro;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A concurrent map with a size bound, for per-schema state (writers, readers, headers). Schemas per
 * topic are few, so the bound is a safety net against a producer that builds a new schema per
 * record: when full, the cache is cleared and refills (cheap to rebuild, and never unbounded).
 *
 * <p>Values are computed outside any lock, so a slow computation (a registry lookup doing I/O)
 * never blocks lookups of other keys; two threads may compute the same value once each, and the
 * first stored wins.
 *
 * <p>Thread-safe.
 */
final class BoundedCache<K, V> {

    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final int maxEntries;

    BoundedCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("cache needs room for one entry: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The cached value of {@code key}, computing and storing it if absent. */
    V get(K key, Function<? super K, ? extends V> compute) {
        V v = map.get(key);
        if (v != null) {
            return v;
        }
        V fresh = compute.apply(key);
        if (map.size() >= maxEntries) {
            map.clear();
        }
        V raced = map.putIfAbsent(key, fresh);
        return raced != null ? raced : fresh;
    }

    /** Number of cached entries, for tests. */
    int size() {
        return map.size();
    }
}
