package io.sluice.mq.broker.admin;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.KvTable;
import io.sluice.mq.protocol.body.PropertiesText;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import java.io.IOException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET_BROKER_RUNTIME_INFO (28, no header; body {@link KvTable}), GET_BROKER_CONFIG (26, no header;
 * body {@link PropertiesText}) and UPDATE_BROKER_CONFIG (25, body {@link PropertiesText}). An update
 * naming a key that is unknown or not changeable at run time, or a bad value, is refused whole:
 * 29 INVALID_PARAMETER (unknown key, bad value) or 16 NO_PERMISSION (fixed at start), the remark
 * naming the key. Thread-safe.
 */
final class BrokerInfoProcessor implements RequestProcessor {

    private static final Logger LOG = LoggerFactory.getLogger(BrokerInfoProcessor.class);

    private final RuntimeInfo runtime;
    private final LiveSettings settings;

    BrokerInfoProcessor(RuntimeInfo runtime, LiveSettings settings) {
        this.runtime = runtime;
        this.settings = settings;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) throws IOException {
        RemotingCommand response =
                switch (request.code()) {
                    case RequestCode.GET_BROKER_RUNTIME_INFO ->
                        RemotingCommand.success().body(new KvTable(runtime.table()).encode());
                    case RequestCode.GET_BROKER_CONFIG ->
                        RemotingCommand.success().body(PropertiesText.encode(settings.snapshot()));
                    default -> update(request);
                };
        context.respond(response);
    }

    private RemotingCommand update(RemotingCommand request) {
        if (!request.hasBody()) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER, "UPDATE_BROKER_CONFIG carries no key=value body");
        }
        Map<String, String> updates = PropertiesText.decode(request.bodyBytes());
        LiveSettings.Rejected rejected = settings.update(updates);
        if (rejected == null) {
            LOG.info("broker config changed at run time: {}", updates);
            return RemotingCommand.success();
        }
        int code = rejected.reason() == LiveSettings.Refusal.NOT_LIVE
                ? ResponseCode.NO_PERMISSION
                : ResponseCode.INVALID_PARAMETER;
        return RemotingCommand.response(code, rejected.message());
    }
}
