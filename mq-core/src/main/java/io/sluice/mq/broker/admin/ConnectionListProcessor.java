package io.sluice.mq.broker.admin;

import io.sluice.mq.broker.client.ClientChannel;
import io.sluice.mq.broker.client.ClientRegistry;
import io.sluice.mq.broker.client.ConsumerGroupInfo;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.ClientConnection;
import io.sluice.mq.protocol.body.ConsumerConnectionBody;
import io.sluice.mq.protocol.body.ProducerConnectionBody;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Who is online, from the client registry: GET_CONSUMER_CONNECTION_LIST (203, header {@code
 * consumerGroup}; {@link ConsumerConnectionBody}, or 206 CONSUMER_NOT_ONLINE) and
 * GET_PRODUCER_CONNECTION_LIST (204, header {@code producerGroup}; {@link ProducerConnectionBody},
 * or 1 SYSTEM_ERROR "not exist" as RocketMQ answers). Thread-safe (the registry is).
 */
final class ConnectionListProcessor implements RequestProcessor {

    private final ClientRegistry clients;

    ConnectionListProcessor(ClientRegistry clients) {
        this.clients = clients;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        context.respond(
                request.code() == RequestCode.GET_CONSUMER_CONNECTION_LIST
                        ? consumers(request.requireExt("consumerGroup"))
                        : producers(request.requireExt("producerGroup")));
    }

    private RemotingCommand consumers(String group) {
        ConsumerGroupInfo info = clients.consumerGroup(group);
        if (info == null || info.channels().isEmpty()) {
            return RemotingCommand.response(
                    ResponseCode.CONSUMER_NOT_ONLINE, "the consumer group[" + group + "] not online");
        }
        ConsumerConnectionBody body = new ConsumerConnectionBody(
                connections(info.channels().values()),
                info.subscriptions(),
                info.consumeType(),
                info.messageModel(),
                info.consumeFromWhere());
        return RemotingCommand.success().body(body.encode());
    }

    private RemotingCommand producers(String group) {
        Collection<ClientChannel> channels = clients.producerGroup(group).values();
        if (channels.isEmpty()) {
            return RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "the producer group[" + group + "] not exist");
        }
        return RemotingCommand.success().body(new ProducerConnectionBody(connections(channels)).encode());
    }

    private static List<ClientConnection> connections(Collection<ClientChannel> channels) {
        List<ClientConnection> connections = new ArrayList<>();
        for (ClientChannel client : channels) {
            connections.add(new ClientConnection(
                    client.clientId(),
                    client.channel().remoteAddress(),
                    client.language().name(),
                    client.version()));
        }
        connections.sort((a, b) -> a.clientId().compareTo(b.clientId()));
        return connections;
    }
}
