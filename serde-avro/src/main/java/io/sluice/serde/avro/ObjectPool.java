package io.sluice.serde.avro;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * A small lock-free pool of reusable objects (encoders, decoders and their buffers), so the hot
 * path allocates neither per record nor per thread (no {@code ThreadLocal}, which would pin one
 * object to each of an engine's many threads).
 *
 * <p>{@link #take()} returns a pooled object or makes a new one when all are in use; {@link
 * #release} puts it back, or drops it when every slot is full. At most {@code slots} idle objects
 * are kept.
 *
 * <p>Thread-safe.
 *
 * @param <T> the pooled type; an object is used by one thread between take and release
 */
final class ObjectPool<T> {

    private final AtomicReferenceArray<T> slots;
    private final Supplier<T> factory;

    ObjectPool(int slots, Supplier<T> factory) {
        if (slots < 1) {
            throw new IllegalArgumentException("pool needs at least one slot: " + slots);
        }
        this.slots = new AtomicReferenceArray<>(slots);
        this.factory = factory;
    }

    /** An idle pooled object, or a new one. */
    T take() {
        for (int i = 0; i < slots.length(); i++) {
            T t = slots.get(i);
            if (t != null && slots.compareAndSet(i, t, null)) {
                return t;
            }
        }
        return factory.get();
    }

    /**
     * Returns {@code t} to the pool; dropped if the pool is full.
     *
     * <p>A release-store, not a compare-and-set, saves one atomic instruction per record: two
     * threads releasing into the same empty slot at once may overwrite each other, which only
     * drops one object for the garbage collector. Ownership stays exclusive because {@link #take}
     * claims a slot's object with a compare-and-set.
     */
    void release(T t) {
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) == null) {
                slots.setRelease(i, t);
                return;
            }
        }
    }

    /** Number of idle objects, for tests. */
    int idle() {
        int n = 0;
        for (int i = 0; i < slots.length(); i++) {
            if (slots.get(i) != null) {
                n++;
            }
        }
        return n;
    }
}
