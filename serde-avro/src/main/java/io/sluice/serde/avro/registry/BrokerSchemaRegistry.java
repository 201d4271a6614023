package io.sluice.serde.avro.registry;

import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.serde.avro.format.SchemaRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link SchemaRegistry} kept in a one-queue system topic of the Sluice (or RocketMQ) cluster
 * itself, so a cluster needs no extra service. Each registered version is one message ({@link
 * SchemaRecord}); every registry instance replays the topic from offset 0 into its index and
 * catches up when a lookup misses.
 *
 * <p><b>Concurrent writers.</b> The log order decides: replay applies records in queue order and
 * skips a record that contradicts what is already applied (a version already taken for the
 * subject, an id used by another schema). A writer appends its planned version, then catches up to
 * its own record; if another writer's record won the version, it plans again against the new
 * history (compatibility included) and retries, at most {@value #MAX_ATTEMPTS} times. Every
 * instance therefore converges on the same versions and ids.
 *
 * <p>Thread-safe: lookups read an immutable snapshot; catch-up and registration hold a lock.
 */
public final class BrokerSchemaRegistry implements SchemaRegistry {

    /** The default system topic. */
    public static final String DEFAULT_TOPIC = "SLUICE_SCHEMAS";

    private static final Logger LOG = LoggerFactory.getLogger(BrokerSchemaRegistry.class);
    private static final int MAX_ATTEMPTS = 5;
    private static final Duration POLL = Duration.ofMillis(100);

    private final String topic;
    private final CompatibilityPolicy policy;
    private final Clock clock;
    private final long timeoutNanos;
    private final Producer producer;
    private final Consumer consumer;
    private final MessageQueue queue;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile SchemaIndex index = SchemaIndex.empty();

    private BrokerSchemaRegistry(
            MqClient client, String topic, CompatibilityPolicy policy, Clock clock, Duration timeout) {
        this.topic = topic;
        this.policy = policy;
        this.clock = clock;
        this.timeoutNanos = timeout.toNanos();
        this.queue = schemaQueue(client, topic, clock, timeoutNanos);
        this.producer = client.newProducer(ProducerConfig.of("SLUICE_SCHEMA_WRITER"));
        this.consumer = client.newConsumer(
                ConsumerConfig.builder("SLUICE_SCHEMA_READER").build());
        consumer.assign(List.of(queue));
        consumer.seek(queue, 0);
    }

    /**
     * Opens the registry kept in {@code topic} (created with one queue if missing) through {@code
     * client}, and replays it.
     *
     * @param timeout bound on creating the topic and on each catch-up
     * @throws SchemaRegistryException if the topic cannot be created or read within {@code timeout}
     */
    public static BrokerSchemaRegistry open(
            MqClient client, String topic, CompatibilityPolicy policy, Clock clock, Duration timeout) {
        BrokerSchemaRegistry registry = new BrokerSchemaRegistry(client, topic, policy, clock, timeout);
        registry.catchUp();
        return registry;
    }

    private static MessageQueue schemaQueue(MqClient client, String topic, Clock clock, long timeoutNanos) {
        if (client.admin().queues(topic).isEmpty()) {
            client.admin().createTopic(topic, 1);
        }
        long deadline = clock.nanoTime() + timeoutNanos;
        while (true) {
            List<MessageQueue> queues = client.admin().queues(topic);
            if (!queues.isEmpty()) {
                return queues.get(0); // sorted: the same queue for every instance
            }
            if (clock.nanoTime() > deadline) {
                throw new SchemaRegistryException("schema topic '" + topic + "' has no route after creating it");
            }
            sleepBriefly();
        }
    }

    @Override
    public RegisteredSchema register(String subject, Schema schema) {
        SchemaRecord.checkSubject(subject);
        lock.lock();
        try {
            for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
                catchUpLocked(-1);
                SchemaIndex.Registration plan = index.register(subject, schema, policy.modeFor(subject));
                if (!plan.isNew()) {
                    return plan.registered();
                }
                SendResult sent = producer.send(SchemaRecord.toMessage(topic, plan.registered()), queue);
                catchUpLocked(sent.queueOffset());
                Optional<RegisteredSchema> applied =
                        index.find(subject, plan.registered().fingerprint());
                if (applied.isPresent()) {
                    return applied.get();
                }
                LOG.info(
                        "schema registration for subject '{}' lost a race (attempt {}), planning again",
                        subject,
                        attempt);
            }
            throw new SchemaRegistryException("could not register a schema for subject '" + subject + "' in "
                    + MAX_ATTEMPTS + " attempts: other writers keep taking its next version");
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<RegisteredSchema> lookup(String subject, Schema schema) {
        long fingerprint = SchemaRef.fingerprintOf(schema);
        Optional<RegisteredSchema> found = index.find(subject, fingerprint);
        return found.isPresent() ? found : catchUp().find(subject, fingerprint);
    }

    @Override
    public Optional<Schema> schemaById(int id) {
        Optional<Schema> found = index.byId(id);
        return found.isPresent() ? found : catchUp().byId(id);
    }

    @Override
    public Optional<Schema> schemaByFingerprint(long fingerprint) {
        Optional<Schema> found = index.byFingerprint(fingerprint);
        return found.isPresent() ? found : catchUp().byFingerprint(fingerprint);
    }

    @Override
    public List<RegisteredSchema> history(String subject) {
        return catchUp().history(subject);
    }

    @Override
    public CompatibilityMode compatibility(String subject) {
        return policy.modeFor(subject);
    }

    /** The system topic this registry lives in. */
    public String topic() {
        return topic;
    }

    /** Closes the registry's producer and consumer (not the client). */
    @Override
    public void close() {
        consumer.close();
        producer.close();
    }

    private SchemaIndex catchUp() {
        lock.lock();
        try {
            catchUpLocked(-1);
            return index;
        } finally {
            lock.unlock();
        }
    }

    /** Applies records until the position passes {@code atLeast} and the queue's current end. */
    private void catchUpLocked(long atLeast) {
        long end = Math.max(consumer.maxOffset(queue), atLeast + 1);
        long deadline = clock.nanoTime() + timeoutNanos;
        while (consumer.position(queue) < end) {
            if (clock.nanoTime() > deadline) {
                throw new SchemaRegistryException("schema topic '" + topic + "' not read up to offset " + end
                        + " within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms (at "
                        + consumer.position(queue) + ")");
            }
            for (ReceivedMessage message : consumer.poll(POLL)) {
                apply(message);
            }
        }
    }

    private void apply(ReceivedMessage message) {
        RegisteredSchema record;
        try {
            record = SchemaRecord.fromMessage(message);
        } catch (SchemaRegistryException e) {
            LOG.warn(
                    "skipping unreadable schema record at {} offset {}: {}",
                    message.queue(),
                    message.queueOffset(),
                    e.getMessage());
            return;
        }
        try {
            index = index.plus(record);
        } catch (SchemaRegistryException e) {
            // Another writer's record for the same version or id came first in the log; it wins.
            LOG.debug("schema record at offset {} lost to an earlier one: {}", message.queueOffset(), e.getMessage());
        }
    }

    private static void sleepBriefly() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // bounded wait for the route
        if (Thread.currentThread().isInterrupted()) {
            throw new SchemaRegistryException("interrupted waiting for the schema topic's route");
        }
    }
}
