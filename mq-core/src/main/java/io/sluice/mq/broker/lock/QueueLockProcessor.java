package io.sluice.mq.broker.lock;

import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.ConsumerGroupInfo;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.LockBatchBody;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LOCK_BATCH_MQ (41) and UNLOCK_BATCH_MQ (42), REMOTING.md 2.9. Both carry a {@link LockBatchBody}
 * ({@code consumerGroup}, {@code clientId}, {@code mqSet}) and no header. LOCK answers 0 with
 * {@code {"lockOKMQSet":[...]}}: the requested queues the client now holds; the rest are held by
 * another live member of the group. UNLOCK answers 0 without a body. A missing body is answered
 * SYSTEM_ERROR (1) naming it.
 *
 * <p>A holder counts as live while the {@link ClientRegistry} lists its client id in the group, so
 * a consumer that unregisters, disconnects or stops heartbeating loses its queues at once instead
 * of after the lease. Thread-safe.
 */
public final class QueueLockProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(QueueLockProcessor.class);

    private final QueueLockTable locks;
    private final ClientRegistry clients;
    private final Clock clock;

    public QueueLockProcessor(QueueLockTable locks, ClientRegistry clients, Clock clock) {
        this.locks = locks;
        this.clients = clients;
        this.clock = clock;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        if (!request.hasBody()) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    RequestCode.name(request.code()) + " needs a body {consumerGroup, clientId, mqSet}"));
            return;
        }
        LockBatchBody body = LockBatchBody.decode(request.bodyBytes());
        if (request.code() == RequestCode.LOCK_BATCH_MQ) {
            ConsumerGroupInfo group = clients.consumerGroup(body.consumerGroup());
            List<String> members = group == null ? List.of() : group.clientIds();
            Set<MessageQueue> granted = locks.lock(
                    body.consumerGroup(), body.clientId(), body.queues(), clock.nanoTime(), members::contains);
            if (granted.size() < body.queues().size()) {
                LOG.debug(
                        "group {}: {} got {} of {} queue locks",
                        body.consumerGroup(),
                        body.clientId(),
                        granted.size(),
                        body.queues().size());
            }
            context.respond(RemotingCommand.success().body(LockBatchBody.encodeLocked(granted)));
        } else {
            locks.unlock(body.consumerGroup(), body.clientId(), body.queues());
            context.respond(RemotingCommand.success());
        }
    }
}
