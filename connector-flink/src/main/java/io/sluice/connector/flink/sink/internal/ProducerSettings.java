package io.sluice.connector.flink.sink.internal;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.SystemClock;
import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.apache.flink.annotation.Internal;

/**
 * How a writer reaches the cluster and configures its producer. Travels with the job graph, so it
 * holds only values; {@link #openClient} builds the client on the task manager. Immutable.
 *
 * @param namesrvAddress "ip:port" of the nameserver (several separated by {@code ;})
 * @param producerGroup the producer group the writers report in heartbeats
 * @param requestTimeout timeout of route and admin requests
 * @param sendTimeout timeout of each send attempt
 * @param sendRetries extra attempts after a retriable send failure
 */
@Internal
public record ProducerSettings(
        String namesrvAddress, String producerGroup, Duration requestTimeout, Duration sendTimeout, int sendRetries)
        implements Serializable {

    private static final long serialVersionUID = 1L;

    public ProducerSettings {
        Objects.requireNonNull(namesrvAddress, "namesrvAddress");
        Objects.requireNonNull(producerGroup, "producerGroup");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
    }

    /**
     * A started client named {@code instanceName} (distinct per subtask attempt, so two writers in
     * one JVM never share a client id).
     */
    public MqClient openClient(String instanceName) {
        ClientConfig config = ClientConfig.builder(namesrvAddress)
                .instanceName(instanceName)
                .requestTimeout(requestTimeout)
                .build();
        return new MqClient(config, new SystemClock(), RandomGenerator.getDefault()).start();
    }

    /** The producer configuration: the client's limits with this sink's timeout and retries. */
    public ProducerConfig producerConfig() {
        return ProducerConfig.of(producerGroup).withSendTimeout(sendTimeout).withRetries(sendRetries);
    }
}
