package io.sluice.mq.broker.retry;

import io.sluice.mq.protocol.RemotingCommand;
import java.util.function.ToIntFunction;

/**
 * The header of CONSUMER_SEND_MSG_BACK (36), REMOTING.md 2.7. Immutable.
 *
 * @param offset commit-log position (PHYSICALOFFSET) of the failed message
 * @param group the consumer group that failed it
 * @param delayLevel 0 = the broker's backoff ({@code 3 + reconsumeTimes}), &gt; 0 = that level,
 *     &lt; 0 = straight to the dead-letter topic
 * @param originMsgId the message's unique key, or null
 * @param originTopic the topic the consumer read it from, or null
 * @param maxReconsumeTimes retries the group allows; {@value #DEFAULT_MAX_RECONSUME_TIMES} when
 *     absent or negative (the official clients' -1)
 */
public record SendBackHeader(
        long offset, String group, int delayLevel, String originMsgId, String originTopic, int maxReconsumeTimes) {

    /** RocketMQ's {@code retryMaxTimes} of a subscription group. */
    public static final int DEFAULT_MAX_RECONSUME_TIMES = 16;

    /**
     * Parses the header of {@code request}. As in RocketMQ, the header's {@code maxReconsumeTimes}
     * (sent by clients since 3.4.9) wins; without it, the group's stored {@code retryMaxTimes}.
     *
     * @param groupRetryMaxTimes the stored {@code retryMaxTimes} of a group, or -1 if it has none
     * @throws io.sluice.mq.protocol.ProtocolException naming a missing or malformed field
     */
    public static SendBackHeader parse(RemotingCommand request, ToIntFunction<String> groupRetryMaxTimes) {
        int max = request.extInt("maxReconsumeTimes", -1);
        if (max < 0) {
            max = groupRetryMaxTimes.applyAsInt(request.requireExt("group"));
        }
        return new SendBackHeader(
                request.requireExtLong("offset"),
                request.requireExt("group"),
                request.requireExtInt("delayLevel"),
                request.ext("originMsgId"),
                request.ext("originTopic"),
                max < 0 ? DEFAULT_MAX_RECONSUME_TIMES : max);
    }
}
