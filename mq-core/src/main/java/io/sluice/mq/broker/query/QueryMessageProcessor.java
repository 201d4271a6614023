package io.sluice.mq.broker.query;

import io.sluice.mq.common.Clock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.remoting.RequestContext;
import io.sluice.mq.remoting.RequestProcessor;
import io.sluice.mq.store.FileMessageStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * QUERY_MESSAGE (12), REMOTING.md 2.11: the stored records of {@code topic} whose key or unique
 * key equals {@code key}, stored within [{@code beginTimestamp}, {@code endTimestamp}], newest
 * first, from the store's key index.
 *
 * <p>Header: {@code topic}, {@code key}, {@code maxNum}, {@code beginTimestamp}, {@code
 * endTimestamp}; {@code _UNIQUE_KEY_QUERY=true} marks a lookup by message id (UNIQ_KEY), answered
 * with at most {@value #UNIQUE_KEY_MAX} records as RocketMQ does. The answer is 0 with headers
 * {@code indexLastUpdateTimestamp} (when the answer was made: the index is current to then) and
 * {@code indexLastUpdatePhyoffset} (commit-log position the index covers) and a body of
 * concatenated stored records (3.1), or 22 QUERY_NOT_FOUND. The index matches both keys and unique
 * keys, and the clients re-filter by what they asked, so over-returning is harmless.
 *
 * <p>Bounds: at most {@value #MAX_RESULTS} records and {@value #MAX_BODY_BYTES} bytes per answer
 * (the frame limit is 16 MiB). A bad {@code maxNum} or time range is answered 1 naming the field.
 * Runs on the admin pool (it reads the disk). Thread-safe.
 */
public final class QueryMessageProcessor implements RequestProcessor {

    static final int UNIQUE_KEY_MAX = 32;
    static final int MAX_RESULTS = 64;
    static final int MAX_BODY_BYTES = 8 * 1024 * 1024;

    private final FileMessageStore store;
    private final Clock clock;

    public QueryMessageProcessor(FileMessageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void process(RequestContext context, RemotingCommand request) throws IOException {
        String topic = request.requireExt("topic");
        String key = request.requireExt("key");
        int maxNum = request.requireExtInt("maxNum");
        long begin = request.requireExtLong("beginTimestamp");
        long end = request.requireExtLong("endTimestamp");
        if (maxNum <= 0) {
            context.respond(
                    RemotingCommand.response(ResponseCode.SYSTEM_ERROR, "maxNum must be positive, was " + maxNum));
            return;
        }
        if (end < begin) {
            context.respond(RemotingCommand.response(
                    ResponseCode.SYSTEM_ERROR, "endTimestamp " + end + " is before beginTimestamp " + begin));
            return;
        }
        boolean uniqueKey = "true".equals(request.ext("_UNIQUE_KEY_QUERY"));
        int limit = Math.min(uniqueKey ? UNIQUE_KEY_MAX : maxNum, MAX_RESULTS);
        long coveredPosition = store.dispatchedPosition();
        List<ByteBuffer> found = capped(store.queryByKey(topic, key, limit, begin, end));
        RemotingCommand response = found.isEmpty()
                ? RemotingCommand.response(
                        ResponseCode.QUERY_NOT_FOUND,
                        "no message of topic " + topic + " with key " + key + " stored in [" + begin + ", " + end + "]")
                : RemotingCommand.success().body(found);
        response.putExt("indexLastUpdateTimestamp", clock.nowMs()).putExt("indexLastUpdatePhyoffset", coveredPosition);
        context.respond(response);
    }

    /** The leading records that fit in {@link #MAX_BODY_BYTES}, and always the first. */
    private static List<ByteBuffer> capped(List<ByteBuffer> records) {
        List<ByteBuffer> kept = new ArrayList<>(records.size());
        long bytes = 0;
        for (ByteBuffer record : records) {
            bytes += record.remaining();
            if (!kept.isEmpty() && bytes > MAX_BODY_BYTES) {
                break;
            }
            kept.add(record);
        }
        return kept;
    }
}
