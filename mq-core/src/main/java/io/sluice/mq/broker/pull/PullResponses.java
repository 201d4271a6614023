package io.sluice.mq.broker.pull;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.store.GetResult;

/**
 * Turns a store read into a pull answer (REMOTING.md 2.4): the response code of each status, and
 * the four header fields the official clients read on every answer. Thread-safe (stateless).
 */
final class PullResponses {

    private PullResponses() {}

    /** The response code for {@code result} of a read at {@code requestOffset}. */
    static int code(GetResult result, long requestOffset) {
        return switch (result.status()) {
            case FOUND -> ResponseCode.SUCCESS;
            case NO_MATCHED_MESSAGE, MESSAGE_WAS_REMOVING -> ResponseCode.PULL_RETRY_IMMEDIATELY;
            case OFFSET_OVERFLOW_ONE -> ResponseCode.PULL_NOT_FOUND;
            // An empty queue read at its end is "nothing new yet"; anywhere else the offset is wrong.
            case NO_MESSAGE_IN_QUEUE ->
                requestOffset == result.nextBeginOffset()
                        ? ResponseCode.PULL_NOT_FOUND
                        : ResponseCode.PULL_OFFSET_MOVED;
            case OFFSET_TOO_SMALL, OFFSET_OVERFLOW_BADLY -> ResponseCode.PULL_OFFSET_MOVED;
        };
    }

    /** The answer: header fields always, the records as stored when there are any. */
    static RemotingCommand response(int code, GetResult result) {
        RemotingCommand response = RemotingCommand.response(
                        code, result.status().name())
                .putExt("suggestWhichBrokerId", 0)
                .putExt("nextBeginOffset", result.nextBeginOffset())
                .putExt("minOffset", result.minOffset())
                .putExt("maxOffset", result.maxOffset())
                .putExt("topicSysFlag", 0)
                .putExt("groupSysFlag", 0);
        if (code == ResponseCode.SUCCESS) {
            response.body(result.messages());
        }
        return response;
    }
}
