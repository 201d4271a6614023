package io.sluice.mq.broker.admin;

import io.sluice.mq.broker.client.SubscriptionGroups;
import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import io.sluice.mq.protocol.json.JsonWriter;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Subscription groups: UPDATE_AND_CREATE_SUBSCRIPTIONGROUP (200, body {@link
 * SubscriptionGroupConfig}), GET_ALL_SUBSCRIPTIONGROUP_CONFIG (201, answer {@code
 * {"subscriptionGroupTable":{"<group>":<config>},"dataVersion":{..}}}) and DELETE_SUBSCRIPTIONGROUP
 * (207, header {@code groupName}; 5.x {@code cleanOffset} is ignored: committed offsets stay). An
 * unknown group in a delete is answered 26 SUBSCRIPTION_GROUP_NOT_EXIST (RocketMQ answers 0); a bad
 * name or setting 29 INVALID_PARAMETER naming it. Thread-safe.
 */
final class SubscriptionGroupProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionGroupProcessor.class);
    private static final Pattern VALID_NAME = Pattern.compile("^[%|a-zA-Z0-9_-]{1,255}$");
    private static final int MAX_RETRY_TIMES = 1000;

    private final SubscriptionGroups groups;
    private final Clock clock;

    SubscriptionGroupProcessor(SubscriptionGroups groups, Clock clock) {
        this.groups = groups;
        this.clock = clock;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        RemotingCommand response =
                switch (request.code()) {
                    case RequestCode.UPDATE_AND_CREATE_SUBSCRIPTIONGROUP -> update(request);
                    case RequestCode.GET_ALL_SUBSCRIPTIONGROUP_CONFIG -> all();
                    default -> delete(request.requireExt("groupName"));
                };
        context.respond(response);
    }

    private RemotingCommand update(RemotingCommand request) {
        if (!request.hasBody()) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER, "UPDATE_AND_CREATE_SUBSCRIPTIONGROUP carries no group config");
        }
        SubscriptionGroupConfig config = SubscriptionGroupConfig.decode(request.bodyBytes());
        String invalid = invalidReason(config);
        if (invalid != null) {
            return RemotingCommand.response(ResponseCode.INVALID_PARAMETER, invalid);
        }
        groups.put(config);
        LOG.info("created or updated subscription group {}", config);
        return RemotingCommand.success();
    }

    private static String invalidReason(SubscriptionGroupConfig config) {
        if (!VALID_NAME.matcher(config.groupName()).matches()) {
            return "groupName '" + config.groupName() + "' must be 1 to 255 characters of a-z, A-Z, 0-9, _, -, %, |";
        }
        if (config.retryMaxTimes() < -1 || config.retryMaxTimes() > MAX_RETRY_TIMES) {
            return "retryMaxTimes " + config.retryMaxTimes() + " must be within [-1, " + MAX_RETRY_TIMES + "]";
        }
        if (config.retryQueueNums() < 0) {
            return "retryQueueNums " + config.retryQueueNums() + " must not be negative";
        }
        return null;
    }

    private RemotingCommand all() {
        Map<String, Object> table = new LinkedHashMap<>();
        for (SubscriptionGroupConfig config : groups.all()) {
            table.put(config.groupName(), config.toJson());
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("dataVersion", Map.of("counter", 0L, "timestamp", clock.nowMs()));
        json.put("subscriptionGroupTable", table);
        return RemotingCommand.success().body(JsonWriter.write(json).getBytes(StandardCharsets.UTF_8));
    }

    private RemotingCommand delete(String group) {
        if (!groups.remove(group)) {
            return RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + group + "] does not exist");
        }
        LOG.info("deleted subscription group {}", group);
        return RemotingCommand.success();
    }
}
