package io.sluice.serde.avro;

import static io.sluice.serde.avro.Fixtures.AT;
import static io.sluice.serde.avro.Fixtures.TOPIC;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.client.serde.MessagePropertiesSink;
import io.sluice.serde.avro.format.WireFormat;
import io.sluice.serde.avro.registry.CompatibilityMode;
import io.sluice.serde.avro.registry.InMemorySchemaRegistry;
import io.sluice.serde.avro.test.Order;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CachingAndConcurrencyTest {

    private final CountingSchemaRegistry registry =
            new CountingSchemaRegistry(new InMemorySchemaRegistry(CompatibilityMode.BACKWARD));

    @Test
    void theRegistryIsConsultedOncePerSchemaNotPerRecord() {
        AvroSerializer<Order> serializer =
                AvroSerializer.specific(Order.class, registry).build();
        AvroSerializer<Order> confluent = AvroSerializer.specific(Order.class, registry)
                .format(WireFormat.CONFLUENT)
                .build();
        AvroDeserializer<Order> deserializer =
                AvroDeserializer.specific(Order.class, registry).build();

        for (int i = 0; i < 200; i++) {
            Order order = Fixtures.order(i);
            assertThat(deserializer.deserialize(
                            AT, serializer.serialize(TOPIC, order, MessagePropertiesSink.discarding()), Map.of()))
                    .isEqualTo(order);
            assertThat(deserializer.deserialize(
                            AT, confluent.serialize(TOPIC, order, MessagePropertiesSink.discarding()), Map.of()))
                    .isEqualTo(order);
        }

        assertThat(registry.registers).as("one registration per serializer").hasValue(2);
        assertThat(registry.lookups).as("one lookup per framing").hasValue(2);
    }

    @Test
    void alternatingTopicsAndSchemasStayCached() {
        AvroSerializer<Order> serializer =
                AvroSerializer.specific(Order.class, registry).build();

        for (int i = 0; i < 100; i++) {
            serializer.serialize("topic-" + (i % 3), Fixtures.order(i), MessagePropertiesSink.discarding());
        }

        assertThat(registry.registers).hasValue(3);
    }

    @Test
    void objectPoolReusesAndBoundsIdleObjects() {
        AtomicInteger made = new AtomicInteger();
        ObjectPool<Object> pool = new ObjectPool<>(2, () -> new Object[] {made.incrementAndGet()});

        Object a = pool.take();
        pool.release(a);
        assertThat(pool.take()).isSameAs(a);
        Object b = pool.take();
        Object c = pool.take();
        pool.release(a);
        pool.release(b);
        pool.release(c);

        assertThat(made).hasValue(3);
        assertThat(pool.idle()).isEqualTo(2);
    }

    @Test
    void boundedCacheClearsWhenFull() {
        BoundedCache<Integer, String> cache = new BoundedCache<>(3);
        AtomicInteger computed = new AtomicInteger();

        for (int i = 0; i < 10; i++) {
            cache.get(i, k -> "v" + k + "#" + computed.incrementAndGet());
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        String first = cache.get(9, k -> "recomputed");
        assertThat(cache.get(9, k -> "recomputed")).isEqualTo(first).isNotEqualTo("recomputed");
        assertThat(computed).hasValue(10);
    }

    @Test
    void sharedInstancesAreSafeAcrossThreads() throws Exception {
        AvroSerializer<Order> serializer =
                AvroSerializer.specific(Order.class, registry).poolSize(2).build();
        AvroDeserializer<Order> deserializer =
                AvroDeserializer.specific(Order.class, registry).poolSize(2).build();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int base = t * 10_000;
                results.add(threads.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Order order = Fixtures.order(base + i);
                        byte[] body = serializer.serialize(TOPIC, order, MessagePropertiesSink.discarding());
                        if (deserializer.deserialize(AT, body, Map.of()).equals(order)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isEqualTo(2_000);
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
