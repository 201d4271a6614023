package io.sluice.mq.client.admin;

import io.sluice.mq.common.Checks;
import io.sluice.mq.protocol.body.Permission;
import io.sluice.mq.protocol.body.TopicConfig;

/**
 * A topic to create or update with {@link AdminClient#createTopic(NewTopic)}. Immutable.
 *
 * @param name the topic
 * @param readQueues queues consumers read on each broker
 * @param writeQueues queues producers write on each broker
 * @param perm {@link Permission} bits (6 = read and write)
 * @param order whether the topic is ordered
 * @param cluster create on every master of this cluster; null for every writable master of the
 *     auto-create topic's route
 */
public record NewTopic(String name, int readQueues, int writeQueues, int perm, boolean order, String cluster) {

    public NewTopic {
        Checks.argument(name != null && !name.isBlank(), "name must not be blank");
        Checks.argument(readQueues > 0 && writeQueues > 0, "queue counts must be > 0");
    }

    /** A read-write topic with {@code queues} read and write queues per broker. */
    public static NewTopic of(String name, int queues) {
        return new NewTopic(name, queues, queues, Permission.READ_WRITE, false, null);
    }

    /** The same topic created on every master of {@code clusterName}. */
    public NewTopic inCluster(String clusterName) {
        return new NewTopic(name, readQueues, writeQueues, perm, order, clusterName);
    }

    TopicConfig toConfig() {
        return new TopicConfig(name, readQueues, writeQueues, perm, TopicConfig.SINGLE_TAG, 0, order);
    }
}
