package io.sluice.samples.flink;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.Clock;
import io.sluice.serde.avro.AvroSerializer;
import io.sluice.serde.avro.registry.SchemaRegistry;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.avro.generic.GenericRecord;

/**
 * Sends orders as Avro messages with Sluice's client: the body is serde-avro's single-object
 * encoding of {@link OrderSchemas#ORDER}, the key is the order id, and the customer picks the
 * queue, so one customer's orders stay in production order. Asynchronous with at most
 * {@value #IN_FLIGHT} unanswered sends; any failed send fails the whole produce step. Not
 * thread-safe.
 */
final class OrderProducer {

    private static final int IN_FLIGHT = 256;
    private static final long TIMEOUT_SECONDS = 60;

    private final MqClient client;
    private final SchemaDirectory schemas;
    private final Clock clock;

    OrderProducer(MqClient client, SchemaDirectory schemas, Clock clock) {
        this.client = client;
        this.schemas = schemas;
        this.clock = clock;
    }

    /** Sends {@code orders} to {@code topic} and prints a summary line. */
    void produce(String topic, List<Order> orders, PrintStream out) throws InterruptedException {
        SchemaRegistry registry = schemas.open();
        Producer producer = client.newProducer(ProducerConfig.of("samples-orders-producer"));
        try {
            AvroSerializer<GenericRecord> avro =
                    AvroSerializer.generic(registry).autoRegister(false).build();
            Semaphore window = new Semaphore(IN_FLIGHT);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            long start = clock.nanoTime();
            for (Order order : orders) {
                Message message = Message.builder(topic)
                        .keys(order.orderId())
                        .value(OrderSchemas.toAvro(order), avro)
                        .build();
                window.acquire();
                producer.sendAsync(message, order.customer()).whenComplete((result, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                    window.release();
                });
            }
            if (!window.tryAcquire(IN_FLIGHT, TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new IllegalStateException("order sends still unanswered after " + TIMEOUT_SECONDS + " s");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("an order could not be sent to '" + topic + "'", failure.get());
            }
            out.printf(
                    "produced %d Avro orders (%d out of order) for %d customers to '%s' in %.2f s%n",
                    orders.size(),
                    OrderGenerator.outOfOrder(orders),
                    orders.stream().map(Order::customer).distinct().count(),
                    topic,
                    (clock.nanoTime() - start) / 1e9);
        } finally {
            producer.close();
            registry.close();
        }
    }
}
