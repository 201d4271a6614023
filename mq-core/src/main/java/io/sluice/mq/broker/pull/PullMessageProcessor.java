package io.sluice.mq.broker.pull;

import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.ConsumerGroupInfo;
import io.sluice.mq.broker.client.SubscriptionGroups;
import io.sluice.mq.broker.filter.PullFilter;
import io.sluice.mq.broker.filter.SubscriptionFilters;
import io.sluice.mq.broker.longpoll.HeldRequest;
import io.sluice.mq.broker.longpoll.PullHoldService;
import io.sluice.mq.broker.progress.PullTally;
import io.sluice.mq.broker.topic.TopicTable;
import io.sluice.mq.common.TopicQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.Permission;
import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.protocol.body.TopicConfig;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.GetResult;
import java.io.IOException;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PULL_MESSAGE and LITE_PULL_MESSAGE (REMOTING.md 2.4): checks the topic, queue, group and
 * subscription, stores a piggy-backed offset commit, reads the queue with the subscription's
 * filter ({@link SubscriptionFilters}: tag hash, or SQL92 over the stored properties) and answers with the records as stored (no copy into a new layout). A pull that finds
 * nothing new and may be suspended is parked in the {@link PullHoldService} and answered when a
 * message arrives or its hold time ends; the pull thread returns at once, so a held pull never
 * blocks other requests.
 *
 * <p>Status to code: FOUND 0; OFFSET_OVERFLOW_ONE and an empty queue read at its end 19;
 * NO_MATCHED_MESSAGE and MESSAGE_WAS_REMOVING 20; offsets outside the queue 21 with the corrected
 * {@code nextBeginOffset}. Every answer carries the four header fields and the status name as remark.
 *
 * <p>Thread-safe.
 */
public final class PullMessageProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(PullMessageProcessor.class);

    /** Most messages one pull returns, whatever the client asks. */
    static final int MAX_MESSAGES = 1024;
    /** Bytes one pull returns when the client does not say (4.9.x clients never do). */
    static final int DEFAULT_MAX_BYTES = 1024 * 1024;
    /** Most bytes one pull returns: well under the 16 MiB frame limit. */
    static final int MAX_BYTES = 8 * 1024 * 1024;

    /**
     * How long pulls are held.
     *
     * @param longPollingEnable hold until a message arrives, up to the client's suspend timeout
     * @param shortPollingMillis hold time when long polling is off
     */
    public record Settings(boolean longPollingEnable, long shortPollingMillis) {}

    private final FileMessageStore store;
    private final TopicTable topics;
    private final SubscriptionGroups groups;
    private final ClientRegistry clients;
    private final PullHoldService holds;
    private final SubscriptionFilters filters;
    private final Settings settings;
    private PullTally tally;

    public PullMessageProcessor(
            FileMessageStore store,
            TopicTable topics,
            SubscriptionGroups groups,
            ClientRegistry clients,
            PullHoldService holds,
            SubscriptionFilters filters,
            Settings settings) {
        this.store = store;
        this.topics = topics;
        this.groups = groups;
        this.clients = clients;
        this.holds = holds;
        this.filters = filters;
        this.settings = settings;
    }

    /**
     * Counts every answered pull of a group in {@code pullTally} (consume TPS, pull offsets). Set
     * once, before the processor is registered.
     */
    public PullMessageProcessor withTally(PullTally pullTally) {
        this.tally = pullTally;
        return this;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) throws IOException {
        PullRequestHeader pull = PullRequestHeader.parse(request);
        RemotingCommand refused = checkTopic(pull);
        if (refused != null) {
            context.respond(refused);
            return;
        }
        SubscriptionFilters.Resolution filter = filterOf(pull);
        if (filter.refusal() != null) {
            context.respond(filter.refusal());
            return;
        }
        if (pull.commitsOffset() && pull.commitOffset() >= 0) {
            store.commitConsumerOffset(pull.group(), pull.topic(), pull.queueId(), pull.commitOffset());
        }
        execute(context, pull, filter.filter(), true);
    }

    /** Reads and answers, or parks the pull when {@code mayHold} and nothing is there yet. */
    private void execute(RequestContext context, PullRequestHeader pull, PullFilter filter, boolean mayHold)
            throws IOException {
        int maxMessages = Math.max(1, Math.min(pull.maxMessages(), MAX_MESSAGES));
        int maxBytes = pull.maxBytes() > 0 ? Math.min(pull.maxBytes(), MAX_BYTES) : DEFAULT_MAX_BYTES;
        GetResult result = store.getMessages(
                pull.topic(),
                pull.queueId(),
                pull.queueOffset(),
                maxMessages,
                maxBytes,
                filter.tagHash(),
                filter.properties());
        int code = PullResponses.code(result, pull.queueOffset());
        if (code == ResponseCode.PULL_NOT_FOUND && mayHold && pull.maySuspend()) {
            hold(context, pull, filter, result);
            return;
        }
        if (context.respond(PullResponses.response(code, result)) && code == ResponseCode.SUCCESS && tally != null) {
            tally.recordPull(
                    pull.group(),
                    pull.topic(),
                    pull.queueId(),
                    result.nextBeginOffset(),
                    result.messages().size());
        }
    }

    private void hold(RequestContext context, PullRequestHeader pull, PullFilter filter, GetResult empty) {
        long holdMillis = settings.longPollingEnable() ? pull.suspendTimeoutMillis() : settings.shortPollingMillis();
        if (holdMillis <= 0) {
            context.respond(PullResponses.response(ResponseCode.PULL_NOT_FOUND, empty));
            return;
        }
        TopicQueue queue = new TopicQueue(pull.topic(), pull.queueId());
        HeldPull held = new HeldPull(context, pull, filter, queue);
        if (!holds.hold(held, holdMillis, settings.longPollingEnable())) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_BUSY,
                    "[OVERLOAD]cannot hold the pull: " + holds.heldCount() + " held (or shutting down), try later"));
            return;
        }
        // A message may have been dispatched between the read and the hold; its wake-up found
        // nothing to wake, so look once more.
        if (settings.longPollingEnable() && store.maxOffset(pull.topic(), pull.queueId()) > pull.queueOffset()) {
            holds.onDispatched(Set.of(queue));
        }
    }

    private RemotingCommand checkTopic(PullRequestHeader pull) {
        TopicConfig config = topics.get(pull.topic());
        if (config == null) {
            return RemotingCommand.response(
                    ResponseCode.TOPIC_NOT_EXIST, "topic[" + pull.topic() + "] not exist, apply first please!");
        }
        if (!Permission.readable(config.perm())) {
            return RemotingCommand.response(
                    ResponseCode.NO_PERMISSION, "the topic[" + pull.topic() + "] pulling message is forbidden");
        }
        if (pull.queueId() < 0 || pull.queueId() >= config.readQueueNums()) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER,
                    "queueId[" + pull.queueId() + "] is illegal, topic:[" + pull.topic()
                            + "] topicConfig.readQueueNums:[" + config.readQueueNums() + "]");
        }
        if (!groups.ensure(pull.group())) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + pull.group() + "] does not exist");
        }
        return null;
    }

    /** The filter of the pull's subscription (its own, or the one its group's heartbeat registered). */
    private SubscriptionFilters.Resolution filterOf(PullRequestHeader pull) {
        SubscriptionData subscription;
        if (pull.carriesSubscription()) {
            // RocketMQ reads a missing or empty type as TAG.
            String type = pull.expressionType() == null || pull.expressionType().isEmpty()
                    ? SubscriptionData.TAG
                    : pull.expressionType();
            subscription = SubscriptionData.TAG.equals(type)
                    ? SubscriptionData.ofTags(pull.topic(), pull.subscription(), pull.subVersion())
                    : new SubscriptionData(
                            pull.topic(), pull.subscription(), type, Set.of(), Set.of(), pull.subVersion());
        } else {
            ConsumerGroupInfo group = clients.consumerGroup(pull.group());
            subscription = group == null ? null : group.subscription(pull.topic());
            if (subscription == null) {
                return refused(
                        ResponseCode.SUBSCRIPTION_NOT_EXIST,
                        "the consumer's subscription of " + pull.topic() + " in group " + pull.group()
                                + " not exist: send a heartbeat first");
            }
            if (subscription.subVersion() < pull.subVersion()) {
                return refused(
                        ResponseCode.SUBSCRIPTION_NOT_LATEST,
                        "the consumer's subscription not latest: broker has version " + subscription.subVersion()
                                + ", pull has " + pull.subVersion());
            }
        }
        return filters.resolve(pull.group(), subscription);
    }

    private static SubscriptionFilters.Resolution refused(int code, String remark) {
        return new SubscriptionFilters.Resolution(null, RemotingCommand.response(code, remark));
    }

    /** A pull parked by {@link #hold}; resumed once, without parking again. */
    private final class HeldPull implements HeldRequest {
        private final RequestContext context;
        private final PullRequestHeader pull;
        private final PullFilter filter;
        private final TopicQueue queue;

        HeldPull(RequestContext context, PullRequestHeader pull, PullFilter filter, TopicQueue queue) {
            this.context = context;
            this.pull = pull;
            this.filter = filter;
            this.queue = queue;
        }

        @Override
        public TopicQueue queue() {
            return queue;
        }

        @Override
        public void resume() {
            try {
                execute(context, pull, filter, false);
            } catch (IOException | RuntimeException e) { // answer: never leave the client waiting
                LOG.warn("resuming a held pull of {} at offset {} failed", queue, pull.queueOffset(), e);
                context.respond(RemotingCommand.response(ResponseCode.SYSTEM_ERROR, String.valueOf(e)));
            }
        }
    }
}
