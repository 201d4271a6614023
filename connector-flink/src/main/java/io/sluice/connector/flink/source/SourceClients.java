package io.sluice.connector.flink.source;

import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import java.util.Arrays;
import org.apache.flink.annotation.Internal;

/**
 * Opens the Sluice clients of the source's parts (enumerator, each reader). Each part owns one
 * {@link MqClient} and closes it; the instance name tells them apart in broker listings, as
 * {@code flink-source-<role>-<subtask>-<identity>} (several jobs share a JVM in a MiniCluster).
 * Thread-safe (stateless).
 */
@Internal
public final class SourceClients {

    private SourceClients() {}

    /** A started client for {@code owner}, playing {@code role} in subtask {@code subtask}. */
    public static MqClient open(SourceSettings settings, String role, int subtask, Object owner) {
        ClientConfig config = ClientConfig.builder(
                        Arrays.asList(settings.namesrvAddresses().split("[;,]")))
                .instanceName("flink-source-" + role + "-" + subtask + "-"
                        + Integer.toHexString(System.identityHashCode(owner)))
                .requestTimeout(settings.requestTimeout())
                .build();
        return MqClient.start(config);
    }
}
