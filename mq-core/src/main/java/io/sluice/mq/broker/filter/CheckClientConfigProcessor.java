package io.sluice.mq.broker.filter;

import io.sluice.mq.broker.client.SubscriptionGroups;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.SubscriptionData;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * CHECK_CLIENT_CONFIG (46): the official push consumer sends each non-TAG subscription here before
 * it starts, and fails to start unless the answer is SUCCESS. Body (JSON, {@code
 * CheckClientRequestBody}): {@code {"clientId":..., "group":..., "subscriptionData":{...},
 * "namespace":...}}, the subscription as in heartbeats (REMOTING.md 2.6). Answers: 26 when the
 * group does not exist and cannot be created, the refusal of {@link SubscriptionFilters} (23 with
 * the error position for a malformed expression, 1 when the broker does not serve the type), else
 * SUCCESS. Thread-safe.
 */
public final class CheckClientConfigProcessor implements RequestProcessor {

    private final SubscriptionGroups groups;
    private final SubscriptionFilters filters;

    public CheckClientConfigProcessor(SubscriptionGroups groups, SubscriptionFilters filters) {
        this.groups = groups;
        this.filters = filters;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        byte[] body = request.bodyBytes();
        if (body == null || body.length == 0) {
            throw new ProtocolException("CHECK_CLIENT_CONFIG needs a body naming group and subscriptionData");
        }
        Map<String, Object> json = Json.parseObject(new String(body, StandardCharsets.UTF_8));
        String group = JsonFields.requireString(json, "group");
        Map<String, Object> subscriptionJson = JsonFields.object(json, "subscriptionData");
        if (subscriptionJson.isEmpty()) {
            throw new ProtocolException("CHECK_CLIENT_CONFIG body has no subscriptionData");
        }
        SubscriptionData subscription = SubscriptionData.fromJson(subscriptionJson);
        if (!groups.ensure(group)) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST, "subscription group [" + group + "] does not exist"));
            return;
        }
        RemotingCommand refusal = filters.check(group, subscription);
        context.respond(refusal != null ? refusal : RemotingCommand.success());
    }
}
