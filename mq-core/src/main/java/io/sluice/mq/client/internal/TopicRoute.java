package io.sluice.mq.client.internal;

import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.body.BrokerData;
import io.sluice.mq.protocol.body.Permission;
import io.sluice.mq.protocol.body.QueueData;
import io.sluice.mq.protocol.body.TopicRouteData;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a client derives from a topic's {@link TopicRouteData} (REMOTING.md 2.1): the queues it may
 * publish to (WRITE permission and a live master, sorted by broker name then queue id), the queues
 * it may read (READ permission), and each broker's master address. Immutable.
 *
 * @param topic the topic
 * @param data the route as the nameserver sent it
 * @param publishQueues queues producers write, in a stable order
 * @param subscribeQueues queues consumers read, sorted
 * @param masters master "ip:port" by broker name
 */
public record TopicRoute(
        String topic,
        TopicRouteData data,
        List<MessageQueue> publishQueues,
        List<MessageQueue> subscribeQueues,
        Map<String, String> masters) {

    public TopicRoute {
        publishQueues = List.copyOf(publishQueues);
        subscribeQueues = List.copyOf(subscribeQueues);
        masters = Map.copyOf(masters);
    }

    /** The route of {@code topic} from the nameserver's data. */
    public static TopicRoute of(String topic, TopicRouteData data) {
        return derive(topic, data, Integer.MAX_VALUE);
    }

    /**
     * The route a producer uses for a topic the nameserver does not know yet, derived from the
     * auto-create topic's route (REMOTING.md 4.1): at most {@code queuesPerBroker} write queues per
     * broker, no more than the default topic's read queues.
     */
    public static TopicRoute fromDefaultTopic(String topic, TopicRouteData defaultRoute, int queuesPerBroker) {
        return derive(topic, defaultRoute, queuesPerBroker);
    }

    private static TopicRoute derive(String topic, TopicRouteData data, int maxWriteQueues) {
        Map<String, String> masters = new HashMap<>();
        for (BrokerData broker : data.brokerDatas()) {
            String master = broker.masterAddress();
            if (master != null) {
                masters.put(broker.brokerName(), master);
            }
        }
        List<QueueData> sorted = new ArrayList<>(data.queueDatas());
        sorted.sort(Comparator.comparing(QueueData::brokerName));
        List<MessageQueue> publish = new ArrayList<>();
        List<MessageQueue> subscribe = new ArrayList<>();
        for (QueueData queues : sorted) {
            if (Permission.writeable(queues.perm()) && masters.containsKey(queues.brokerName())) {
                int count = maxWriteQueues == Integer.MAX_VALUE
                        ? queues.writeQueueNums()
                        : Math.min(maxWriteQueues, queues.readQueueNums());
                for (int id = 0; id < count; id++) {
                    publish.add(new MessageQueue(topic, queues.brokerName(), id));
                }
            }
            if (Permission.readable(queues.perm())) {
                for (int id = 0; id < queues.readQueueNums(); id++) {
                    subscribe.add(new MessageQueue(topic, queues.brokerName(), id));
                }
            }
        }
        subscribe.sort(null);
        return new TopicRoute(topic, data, publish, subscribe, masters);
    }

    /** The master address of {@code brokerName}, or null. */
    public String masterOf(String brokerName) {
        return masters.get(brokerName);
    }
}
