package io.sluice.connector.flink.e2e;

import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.serde.Serializer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericRecord;

/**
 * The pipeline's input: {@code keys} keys with {@code perKey} payments each, written to the input
 * topic as Avro (serde-avro) with each key's payments in one queue in sequence order. Ids are
 * {@code seq * keys + keyIndex}, so id order is roughly write order across keys. Between rounds an
 * optional {@link BadInput} adds bad bodies to a key's queue. Not thread-safe; used by the test
 * thread only.
 */
final class PaymentInput {

    /** Payments per key per batch send: a batch lands in one queue in list order. */
    private static final int BATCH = 50;

    private final List<Payment> payments;
    private final int keys;

    private PaymentInput(List<Payment> payments, int keys) {
        this.payments = List.copyOf(payments);
        this.keys = keys;
    }

    /** The payments to write; amounts come from {@code seed}. */
    static PaymentInput generate(int keys, int perKey, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Payment> payments = new ArrayList<>(keys * perKey);
        for (int seq = 0; seq < perKey; seq++) {
            for (int k = 0; k < keys; k++) {
                payments.add(new Payment((long) seq * keys + k, keyName(k), seq, random.nextLong(1, 100_000)));
            }
        }
        return new PaymentInput(payments, keys);
    }

    static String keyName(int k) {
        return "customer-" + k;
    }

    List<Payment> payments() {
        return payments;
    }

    /** The ids written, ascending. */
    List<Long> ids() {
        return payments.stream().map(p -> p.id).sorted().toList();
    }

    /**
     * Writes every payment to {@code topic}, each key's batches to the queue of that key, key by key
     * per round; {@code bad} (may be {@code null}) is asked after every round and key.
     */
    void write(Producer producer, String topic, Serializer<GenericRecord> serializer, BadInput bad) {
        List<List<Payment>> byKey = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            byKey.add(new ArrayList<>());
        }
        payments.stream()
                .sorted(Comparator.comparingLong((Payment p) -> p.seq))
                .forEach(p -> byKey.get((int) (p.id % keys)).add(p));
        int rounds = (byKey.get(0).size() + BATCH - 1) / BATCH;
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < keys; k++) {
                List<Payment> mine = byKey.get(k);
                List<Message> batch = new ArrayList<>();
                for (Payment p : mine.subList(round * BATCH, Math.min(mine.size(), (round + 1) * BATCH))) {
                    batch.add(Message.builder(topic)
                            .keys(Long.toString(p.id))
                            .value(p.toInput(), serializer)
                            .build());
                }
                producer.sendBatch(batch, keyName(k));
                if (bad != null) {
                    bad.after(round, keyName(k));
                }
            }
        }
    }

    /** Adds bad bodies to the input between rounds (to the queue of the key it is given). */
    @FunctionalInterface
    interface BadInput {
        void after(int round, String key);
    }
}
