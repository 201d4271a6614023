package io.sluice.mq.broker.filter;

import io.sluice.mq.broker.client.SubscriptionGroups;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.CheckClientRequestBody;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;

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
        CheckClientRequestBody body = CheckClientRequestBody.decode(request.bodyBytes());
        if (!groups.ensure(body.group())) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SUBSCRIPTION_GROUP_NOT_EXIST,
                    "subscription group [" + body.group() + "] does not exist"));
            return;
        }
        RemotingCommand refusal = filters.check(body.group(), body.subscription());
        context.respond(refusal != null ? refusal : RemotingCommand.success());
    }
}
