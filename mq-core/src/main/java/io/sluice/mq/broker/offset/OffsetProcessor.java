package io.sluice.mq.broker.offset;

import io.sluice.mq.protocol.ExtensionFields;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.StoredMessageDecoder;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import io.sluice.mq.store.GetResult;
import io.sluice.mq.store.GetStatus;
import io.sluice.mq.store.offset.ConsumerOffsetStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * Offset requests (REMOTING.md 2.5): a group's committed offset (QUERY_CONSUMER_OFFSET, 22 when it
 * never committed, so the client applies its ConsumeFromWhere; UPDATE_CONSUMER_OFFSET, usually
 * oneway) and a queue's bounds (GET_MAX_OFFSET, GET_MIN_OFFSET, SEARCH_OFFSET_BY_TIMESTAMP,
 * GET_EARLIEST_MSG_STORETIME). Committed offsets are "next offset to read" and become durable with
 * the store's next checkpoint.
 *
 * <p>Sluice extension: an update may carry {@link ExtensionFields#COMMIT_METADATA} (UTF-8, at most {@link
 * ConsumerOffsetStore#MAX_METADATA_BYTES} bytes), which replaces the metadata stored with the
 * offset; a query answers it in the same field. Stock clients neither send nor read the field
 * (a stock broker ignores it), so their commits simply carry none (docs/design/commit-metadata.md).
 *
 * <p>Thread-safe.
 */
public final class OffsetProcessor implements RequestProcessor {

    private final FileMessageStore store;

    public OffsetProcessor(FileMessageStore store) {
        this.store = store;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) throws IOException {
        String topic = request.requireExt("topic");
        int queueId = request.requireExtInt("queueId");
        if (queueId < 0) {
            context.respond(RemotingCommand.response(ResponseCode.INVALID_PARAMETER, "queueId " + queueId + " < 0"));
            return;
        }
        RemotingCommand response =
                switch (request.code()) {
                    case RequestCode.QUERY_CONSUMER_OFFSET -> query(request, topic, queueId);
                    case RequestCode.UPDATE_CONSUMER_OFFSET -> update(request, topic, queueId);
                    case RequestCode.GET_MAX_OFFSET -> offset(store.maxOffset(topic, queueId));
                    case RequestCode.GET_MIN_OFFSET -> offset(store.minOffset(topic, queueId));
                    case RequestCode.SEARCH_OFFSET_BY_TIMESTAMP -> search(request, topic, queueId);
                    case RequestCode.GET_EARLIEST_MSG_STORETIME ->
                        RemotingCommand.success().putExt("timestamp", earliestStoreTime(topic, queueId));
                    default ->
                        RemotingCommand.response(
                                ResponseCode.REQUEST_CODE_NOT_SUPPORTED,
                                " request type " + request.code() + " not supported");
                };
        context.respond(response);
    }

    private RemotingCommand query(RemotingCommand request, String topic, int queueId) {
        String group = request.requireExt("consumerGroup");
        OptionalLong committed = store.consumerOffset(group, topic, queueId);
        if (committed.isEmpty()) {
            return RemotingCommand.response(
                    ResponseCode.QUERY_NOT_FOUND,
                    "group " + group + " has no committed offset on " + topic + "/" + queueId);
        }
        RemotingCommand response = offset(committed.getAsLong());
        String metadata = store.consumerOffsetMetadata(group, topic, queueId);
        if (!metadata.isEmpty()) {
            response.putExt(ExtensionFields.COMMIT_METADATA, metadata);
        }
        return response;
    }

    private RemotingCommand update(RemotingCommand request, String topic, int queueId) {
        String group = request.requireExt("consumerGroup");
        long commitOffset = request.requireExtLong("commitOffset");
        if (commitOffset < 0) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER, "commitOffset " + commitOffset + " of group " + group + " < 0");
        }
        String metadata = request.ext(ExtensionFields.COMMIT_METADATA);
        if (metadata == null) {
            store.commitConsumerOffset(group, topic, queueId, commitOffset);
            return RemotingCommand.success();
        }
        int length = metadata.getBytes(StandardCharsets.UTF_8).length;
        if (length > ConsumerOffsetStore.MAX_METADATA_BYTES) {
            return RemotingCommand.response(
                    ResponseCode.INVALID_PARAMETER,
                    ExtensionFields.COMMIT_METADATA + " of group " + group + " is " + length + " UTF-8 bytes, at most "
                            + ConsumerOffsetStore.MAX_METADATA_BYTES + " allowed");
        }
        store.commitConsumerOffset(group, topic, queueId, commitOffset, metadata);
        return RemotingCommand.success();
    }

    private RemotingCommand search(RemotingCommand request, String topic, int queueId) throws IOException {
        long timestamp = request.requireExtLong("timestamp");
        long offset;
        if ("UPPER".equals(request.ext("boundaryType"))) {
            // The last message stored at or before the time: one before the first stored after it.
            long after = timestamp == Long.MAX_VALUE
                    ? store.maxOffset(topic, queueId)
                    : store.offsetForTimestamp(topic, queueId, timestamp + 1);
            offset = Math.max(store.minOffset(topic, queueId), after - 1);
        } else {
            offset = store.offsetForTimestamp(topic, queueId, timestamp);
        }
        return offset(offset);
    }

    private long earliestStoreTime(String topic, int queueId) throws IOException {
        long min = store.minOffset(topic, queueId);
        GetResult first = store.getMessages(topic, queueId, min, 1, Integer.MAX_VALUE, null);
        if (first.status() != GetStatus.FOUND) {
            return -1;
        }
        return StoredMessageDecoder.decodeAll(first.messages().get(0)).get(0).storeTimestamp();
    }

    private static RemotingCommand offset(long offset) {
        return RemotingCommand.success().putExt("offset", offset);
    }
}
