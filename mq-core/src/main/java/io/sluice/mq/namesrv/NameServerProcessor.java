package io.sluice.mq.namesrv;

import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.DataVersion;
import io.sluice.mq.protocol.body.RegisterBrokerBody;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.protocol.body.TopicList;
import io.sluice.mq.protocol.body.TopicRouteData;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the nameserver's requests (REMOTING.md 2.1, 2.2): REGISTER_BROKER, UNREGISTER_BROKER,
 * GET_ROUTEINFO_BY_TOPIC, GET_BROKER_CLUSTER_INFO, GET_ALL_TOPIC_LIST_FROM_NAMESERVER and DELETE_TOPIC_IN_NAMESRV, against a
 * {@link RouteTable}. Thread-safe (the table is).
 */
final class NameServerProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(NameServerProcessor.class);

    private final RouteTable routes;
    private final Clock clock;

    NameServerProcessor(RouteTable routes, Clock clock) {
        this.routes = routes;
        this.clock = clock;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        RemotingCommand response =
                switch (request.code()) {
                    case RequestCode.REGISTER_BROKER -> register(context, request);
                    case RequestCode.UNREGISTER_BROKER -> unregister(request);
                    case RequestCode.GET_ROUTEINFO_BY_TOPIC -> route(request);
                    case RequestCode.GET_BROKER_CLUSTER_INFO ->
                        RemotingCommand.success().body(routes.clusterInfo().encode());
                    case RequestCode.DELETE_TOPIC_IN_NAMESRV -> deleteTopic(request);
                    case RequestCode.GET_ALL_TOPIC_LIST_FROM_NAMESERVER ->
                        RemotingCommand.success().body(TopicList.encode(routes.topics()));
                    default ->
                        RemotingCommand.response(
                                ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                                " request type " + request.code() + " not supported");
                };
        context.respond(response);
    }

    private RemotingCommand register(RequestContext context, RemotingCommand request) {
        String brokerName = request.requireExt("brokerName");
        String brokerAddr = request.requireExt("brokerAddr");
        String clusterName = request.requireExt("clusterName");
        long brokerId = request.requireExtLong("brokerId");
        if (request.extBoolean("compressed", false)) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "compressed REGISTER_BROKER bodies are not supported; set compressedRegister=false on broker "
                            + brokerName);
        }
        byte[] body = request.bodyBytes();
        int expectedCrc = request.extInt("bodyCrc32", 0);
        if (expectedCrc != 0 && expectedCrc != crc32(body)) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "REGISTER_BROKER body of " + brokerAddr + " fails its CRC: header says " + expectedCrc
                            + ", body has " + crc32(body));
        }
        TopicConfigTable topics = body.length == 0
                ? new TopicConfigTable(new DataVersion(0, 0), Map.of())
                : RegisterBrokerBody.decode(body);
        routes.register(
                new RouteTable.Registration(clusterName, brokerName, brokerAddr, brokerId, topics, context.channel()),
                clock.nanoTime());
        LOG.debug(
                "registered broker {} ({}) of {} with {} topics",
                brokerName,
                brokerAddr,
                clusterName,
                topics.topics().size());
        return RemotingCommand.success();
    }

    private RemotingCommand unregister(RemotingCommand request) {
        String brokerName = request.requireExt("brokerName");
        String brokerAddr = request.requireExt("brokerAddr");
        request.requireExt("clusterName");
        long brokerId = request.requireExtLong("brokerId");
        if (routes.unregister(brokerName, brokerAddr, brokerId)) {
            LOG.info("broker {} ({}) unregistered", brokerName, brokerAddr);
        }
        return RemotingCommand.success();
    }

    /** DELETE_TOPIC_IN_NAMESRV (216): header {@code topic}, 5.x optional {@code clusterName}. */
    private RemotingCommand deleteTopic(RemotingCommand request) {
        String topic = request.requireExt("topic");
        String cluster = request.ext("clusterName");
        if (routes.deleteTopic(topic, cluster == null || cluster.isBlank() ? null : cluster)) {
            LOG.info(
                    "topic {} deleted from the route table{}", topic, cluster == null ? "" : " for cluster " + cluster);
        }
        return RemotingCommand.success();
    }

    private RemotingCommand route(RemotingCommand request) {
        String topic = request.requireExt("topic");
        Optional<TopicRouteData> route = routes.route(topic);
        if (route.isEmpty()) {
            return RemotingCommand.response(
                    ResponseCode.TOPIC_NOT_EXIST, "No topic route info in name server for the topic: " + topic);
        }
        // Always standard JSON (quoted map keys): fastjson clients of every version parse it.
        return RemotingCommand.success().body(route.get().encode());
    }

    /** RocketMQ's {@code UtilAll.crc32}: CRC32 masked to a non-negative int. */
    static int crc32(byte[] body) {
        CRC32 crc = new CRC32();
        crc.update(body);
        return (int) (crc.getValue() & 0x7FFFFFFF);
    }
}
