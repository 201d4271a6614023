package io.sluice.mq.broker.admin;

import io.sluice.mq.broker.client.ClientChannel;
import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.ConsumerGroupInfo;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.util.Map;
import java.util.concurrent.CompletionException;

/**
 * GET_CONSUMER_RUNNING_INFO (307, header {@code consumerGroup}, {@code clientId}, optional {@code
 * jstackEnable}) from an admin tool: the broker cannot answer it itself, so it asks the named
 * consumer over that consumer's own connection (the official 4.9.8 and 5.x clients and Sluice's
 * client serve 307) and relays the consumer's answer unchanged — code, remark and its {@code
 * ConsumerRunningInfo} body — as RocketMQ's broker does.
 *
 * <p>The consumer gets {@code timeoutMs}; a consumer that does not answer in time, or whose
 * connection fails, is answered 1 SYSTEM_ERROR naming it, so the admin never waits longer than that
 * bound. A client id that is not online in the group is answered 1 SYSTEM_ERROR at once. The
 * forward does not hold an admin thread: the answer is written from the transport's completion.
 * Thread-safe.
 */
final class ConsumerRunningInfoForwarder implements RequestProcessor {

    /** How long the consumer gets; below the admin tools' own default timeout (5 s in mqadmin and ours). */
    static final long DEFAULT_TIMEOUT_MS = 3_000;

    private final ClientRegistry clients;
    private final long timeoutMs;

    ConsumerRunningInfoForwarder(ClientRegistry clients, long timeoutMs) {
        this.clients = clients;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        String group = request.requireExt("consumerGroup");
        String clientId = request.requireExt("clientId");
        ClientChannel consumer = member(group, clientId);
        if (consumer == null) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "consumer " + clientId + " of group " + group + " is not online on this broker"));
            return;
        }
        RemotingCommand forward = RemotingCommand.request(RequestCode.GET_CONSUMER_RUNNING_INFO);
        for (Map.Entry<String, String> field : request.extFields().entrySet()) {
            forward.putExt(field.getKey(), field.getValue());
        }
        consumer.channel().invoke(forward, timeoutMs).whenComplete((answer, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause()
                        : failure;
                context.respond(RemotingCommand.response(
                        ResponseCode.SYSTEM_ERROR,
                        "consumer " + clientId + " of group " + group + " did not answer GET_CONSUMER_RUNNING_INFO"
                                + " within " + timeoutMs + " ms: " + cause));
                return;
            }
            RemotingCommand relayed = RemotingCommand.response(answer.code(), answer.remark());
            if (answer.hasBody()) {
                relayed.body(answer.bodyBytes());
            }
            context.respond(relayed);
        });
    }

    private ClientChannel member(String group, String clientId) {
        ConsumerGroupInfo info = clients.consumerGroup(group);
        if (info == null) {
            return null;
        }
        for (ClientChannel client : info.channels().values()) {
            if (client.clientId().equals(clientId) && client.channel().isActive()) {
                return client;
            }
        }
        return null;
    }
}
