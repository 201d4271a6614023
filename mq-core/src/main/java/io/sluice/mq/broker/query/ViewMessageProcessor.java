package io.sluice.mq.broker.query;

import io.sluice.mq.common.MqException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * VIEW_MESSAGE_BY_ID (REMOTING.md 2.11): the one record at a commit-log position, the handle an
 * offset message id encodes, as stored. A position that holds no valid record (retention removed
 * it, it is past the end, or it is not a record's start) is answered 1 with the reason. The store
 * validates every read, so a wrong position never returns garbage. Thread-safe.
 */
public final class ViewMessageProcessor implements RequestProcessor {

    private final FileMessageStore store;

    public ViewMessageProcessor(FileMessageStore store) {
        this.store = store;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) {
        long position = request.requireExtLong("offset");
        context.respond(view(position));
    }

    private RemotingCommand view(long position) {
        long end = store.writtenPosition();
        if (position < store.minLogPosition() || position >= end) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR,
                    "no message at commit-log offset " + position + ": the log holds [" + store.minLogPosition() + ", "
                            + end + ")");
        }
        try {
            ByteBuffer record = store.readRecord(position);
            return RemotingCommand.success().body(record);
        } catch (IOException | MqException e) {
            return RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "no message at commit-log offset " + position + ": " + e.getMessage());
        }
    }
}
