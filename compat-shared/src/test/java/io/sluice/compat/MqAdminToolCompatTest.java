package io.sluice.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import org.apache.rocketmq.client.consumer.DefaultMQPushConsumer;
import org.apache.rocketmq.client.consumer.listener.ConsumeConcurrentlyStatus;
import org.apache.rocketmq.client.consumer.listener.MessageListenerConcurrently;
import org.apache.rocketmq.client.exception.MQBrokerException;
import org.apache.rocketmq.client.exception.MQClientException;
import org.apache.rocketmq.client.producer.DefaultMQProducer;
import org.apache.rocketmq.common.message.Message;
import org.apache.rocketmq.tools.admin.DefaultMQAdminExt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The official admin library (DefaultMQAdminExt, what mqadmin runs) against Sluice for the requests
 * {@code sluice admin} added: runtime info, broker config, subscription groups, consumer and
 * producer connections, and topic deletion in broker and nameserver. Types whose package moved
 * between 4.9.8 and 5.3.3 are reached with {@code var} and reflection.
 */
@ExtendWith(SluiceCluster.class)
class MqAdminToolCompatTest {

    private DefaultMQAdminExt admin;

    @BeforeEach
    void start() throws Exception {
        admin = new DefaultMQAdminExt();
        admin.setNamesrvAddr(SluiceCluster.namesrvAddress());
        admin.setInstanceName(Clients.uniqueName("mqadmin"));
        admin.start();
    }

    @AfterEach
    void stop() {
        admin.shutdown();
    }

    @Test
    void runtimeInfoAndBrokerConfigWithOnlyLiveKeysChangeable() throws Exception {
        String broker = SluiceCluster.brokerAddress();
        var runtime = admin.fetchBrokerRuntimeStats(broker);
        assertThat(runtime.getTable()).containsKeys("brokerVersionDesc", "putTps", "commitLogDiskRatio");

        Properties config = admin.getBrokerConfig(broker);
        assertThat(config.getProperty("autoCreateTopicEnable")).isEqualTo("true");

        Properties live = new Properties();
        live.setProperty("autoCreateSubscriptionGroup", "true");
        admin.updateBrokerConfig(broker, live);

        Properties fixed = new Properties();
        fixed.setProperty("listenPort", "1");
        assertThatThrownBy(() -> admin.updateBrokerConfig(broker, fixed))
                .isInstanceOf(MQBrokerException.class)
                .hasMessageContaining("listenPort");
    }

    @Test
    void subscriptionGroupsAreCreatedAndDeleted() throws Exception {
        String broker = SluiceCluster.brokerAddress();
        String group = Clients.uniqueName("CG_tool");
        Object config = subscriptionGroupConfig(group, 3);
        Method create = findMethod("createAndUpdateSubscriptionGroupConfig", 2);
        assertThat(create).isNotNull();
        create.invoke(admin, broker, config);
        var created = admin.examineSubscriptionGroupConfig(broker, group);
        assertThat(created.getRetryMaxTimes()).isEqualTo(3);

        admin.deleteSubscriptionGroup(broker, group);
        assertThatThrownBy(() -> admin.deleteSubscriptionGroup(broker, group)).isInstanceOf(Exception.class);
    }

    @Test
    void consumerAndProducerConnectionsNameTheOnlineClients() throws Exception {
        String topic = Clients.uniqueName("T_conn");
        String group = Clients.uniqueName("CG_conn");
        String producerGroup = Clients.uniqueName("PG_conn");
        DefaultMQProducer producer = Clients.producer(SluiceCluster.namesrvAddress(), producerGroup);
        producer.start();
        DefaultMQPushConsumer consumer = Clients.push(SluiceCluster.namesrvAddress(), group);
        try {
            producer.send(new Message(topic, "TagA", "k", "x".getBytes(StandardCharsets.UTF_8)));
            consumer.subscribe(topic, "TagA || TagB");
            consumer.registerMessageListener((MessageListenerConcurrently)
                    (messages, context) -> ConsumeConcurrentlyStatus.CONSUME_SUCCESS);
            consumer.start();

            var consumers = await().atMost(Duration.ofSeconds(20))
                    .ignoreExceptions()
                    .until(() -> admin.examineConsumerConnectionInfo(group), c -> !c.getConnectionSet()
                            .isEmpty());
            assertThat(consumers.getConnectionSet()).singleElement().satisfies(connection -> {
                assertThat(connection.getClientId()).isEqualTo(consumer.buildMQClientId());
                assertThat(connection.getClientAddr()).startsWith("127.0.0.1:");
            });
            assertThat(consumers.getSubscriptionTable().get(topic).getSubString()).isEqualTo("TagA || TagB");
            assertThat(consumers.getMessageModel().name()).isEqualTo("CLUSTERING");

            producer.getDefaultMQProducerImpl().getMqClientFactory().sendHeartbeatToAllBrokerWithLock();
            var producers = admin.examineProducerConnectionInfo(producerGroup, topic);
            assertThat(producers.getConnectionSet())
                    .extracting(connection -> connection.getClientId())
                    .containsExactly(producer.buildMQClientId());
        } finally {
            consumer.shutdown();
            producer.shutdown();
        }
    }

    @Test
    void aDeletedTopicLeavesBrokerAndNameserver() throws Exception {
        String topic = Clients.uniqueName("T_delete");
        String broker = SluiceCluster.brokerAddress();
        DefaultMQProducer producer = Clients.producer(SluiceCluster.namesrvAddress(), Clients.uniqueName("PG_del"));
        producer.start();
        try {
            producer.send(new Message(topic, "x".getBytes(StandardCharsets.UTF_8)));
        } finally {
            producer.shutdown();
        }
        await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> admin.examineTopicRouteInfo(topic) != null);

        admin.deleteTopicInBroker(Set.of(broker), topic);
        String cluster = admin.examineBrokerClusterInfo()
                .getClusterAddrTable()
                .keySet()
                .iterator()
                .next();
        // 4.9.8 takes (addrs, topic, clusterName), 5.3.3 (addrs, clusterName, topic); 5.x alone
        // also has the two-argument form, which tells them apart.
        boolean fiveX = findMethod("deleteTopicInNameServer", 2) != null;
        findMethod("deleteTopicInNameServer", 3)
                .invoke(admin, Set.of(SluiceCluster.namesrvAddress()), fiveX ? cluster : topic, fiveX ? topic : cluster);

        assertThat(admin.fetchAllTopicList().getTopicList()).doesNotContain(topic);
        assertThatThrownBy(() -> admin.examineTopicRouteInfo(topic)).isInstanceOf(MQClientException.class);
    }

    /** A SubscriptionGroupConfig of whichever package this client version has it in. */
    private static Object subscriptionGroupConfig(String group, int retryMaxTimes) throws Exception {
        Class<?> type;
        try {
            type = Class.forName("org.apache.rocketmq.remoting.protocol.subscription.SubscriptionGroupConfig");
        } catch (ClassNotFoundException e) {
            type = Class.forName("org.apache.rocketmq.common.subscription.SubscriptionGroupConfig");
        }
        Object config = type.getConstructor().newInstance();
        type.getMethod("setGroupName", String.class).invoke(config, group);
        type.getMethod("setRetryMaxTimes", int.class).invoke(config, retryMaxTimes);
        return config;
    }

    /** The public method of DefaultMQAdminExt with that name and parameter count, or null. */
    private static Method findMethod(String name, int parameters) {
        for (Method method : DefaultMQAdminExt.class.getMethods()) {
            if (method.getName().equals(name) && method.getParameterCount() == parameters) {
                return method;
            }
        }
        return null;
    }
}
