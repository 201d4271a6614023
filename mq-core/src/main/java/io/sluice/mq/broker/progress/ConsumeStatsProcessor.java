package io.sluice.mq.broker.progress;

import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.ConsumerGroupInfo;
import io.sluice.mq.broker.topic.TopicTable;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ConsumeStatsBody;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.protocol.body.TopicStatsBody;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * GET_CONSUME_STATS (208, header {@code consumerGroup}, optional {@code topic}) and
 * GET_TOPIC_STATS_INFO (202, header {@code topic}).
 *
 * <p>Consume stats cover the given topic, or every topic the group committed offsets for or its
 * online members subscribe to, retry topics included; per queue: the queue's max offset, the
 * group's committed offset (0 if none), the store time of the last consumed message and of the
 * oldest unconsumed one ({@link ConsumeStatsBody}). A group with nothing to report is answered 0
 * with an empty table, as RocketMQ does; the admin tool then says the group is not online.
 *
 * <p>Topic stats: min and max offset and the newest message's store time per queue; an unknown
 * topic is answered 17 TOPIC_NOT_EXIST. Each call reads at most two records per queue. Runs on the
 * admin pool. Thread-safe.
 */
public final class ConsumeStatsProcessor implements RequestProcessor {

    private final FileMessageStore store;
    private final TopicTable topics;
    private final ClientRegistry clients;
    private final String brokerName;
    private final StoreTimes times;
    private final PullTally tally;

    public ConsumeStatsProcessor(
            FileMessageStore store, TopicTable topics, ClientRegistry clients, String brokerName, PullTally tally) {
        this.store = store;
        this.topics = topics;
        this.clients = clients;
        this.brokerName = brokerName;
        this.times = new StoreTimes(store);
        this.tally = tally;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) throws IOException {
        if (request.code() == RequestCode.GET_TOPIC_STATS_INFO) {
            context.respond(topicStats(request.requireExt("topic")));
        } else {
            context.respond(consumeStats(request.requireExt("consumerGroup"), request.ext("topic")));
        }
    }

    private RemotingCommand consumeStats(String group, String topic) throws IOException {
        Set<String> wanted = new TreeSet<>();
        if (topic != null && !topic.isBlank()) {
            wanted.add(topic);
        } else {
            wanted.addAll(topicsOf(group));
        }
        List<ConsumeStatsBody.Entry> entries = new ArrayList<>();
        List<String> known = new ArrayList<>();
        for (String name : wanted) {
            TopicConfig config = topics.get(name);
            if (config == null) {
                continue;
            }
            known.add(name);
            for (int queueId = 0; queueId < config.queueCount(); queueId++) {
                entries.add(entry(group, name, queueId));
            }
        }
        PullTally.Rate rate = tally.rate(group, known);
        return RemotingCommand.success()
                .body(new ConsumeStatsBody(rate.perSecond(), rate.windowMs(), entries).encode());
    }

    private ConsumeStatsBody.Entry entry(String group, String topic, int queueId) throws IOException {
        long max = store.maxOffset(topic, queueId);
        OptionalLong committed = store.consumerOffset(group, topic, queueId);
        long consumed = committed.orElse(0);
        long last = consumed > 0 ? times.at(topic, queueId, consumed - 1) : 0;
        long oldest =
                consumed < max ? times.at(topic, queueId, Math.max(consumed, store.minOffset(topic, queueId))) : 0;
        // As RocketMQ 5: without a pull seen since start, the pull offset is the committed one.
        long pulled = tally.pulledOffset(group, topic, queueId).orElse(consumed);
        return new ConsumeStatsBody.Entry(
                new MessageQueue(topic, brokerName, queueId), max, consumed, last, oldest, pulled);
    }

    /** Topics {@code group} committed offsets for or its online members subscribe to. */
    private Set<String> topicsOf(String group) {
        Set<String> names = new TreeSet<>(store.topicsWithOffsets(group));
        ConsumerGroupInfo online = clients.consumerGroup(group);
        if (online != null) {
            names.addAll(online.subscriptions().keySet());
        }
        return names;
    }

    private RemotingCommand topicStats(String topic) throws IOException {
        TopicConfig config = topics.get(topic);
        if (config == null) {
            return RemotingCommand.response(ResponseCode.TOPIC_NOT_EXIST, "topic " + topic + " does not exist");
        }
        List<TopicStatsBody.Entry> entries = new ArrayList<>();
        for (int queueId = 0; queueId < config.queueCount(); queueId++) {
            long max = store.maxOffset(topic, queueId);
            entries.add(new TopicStatsBody.Entry(
                    new MessageQueue(topic, brokerName, queueId),
                    store.minOffset(topic, queueId),
                    max,
                    max > 0 ? times.at(topic, queueId, max - 1) : 0));
        }
        return RemotingCommand.success().body(new TopicStatsBody(entries).encode());
    }
}
