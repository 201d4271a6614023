package io.sluice.mq.broker.send;

import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;

/**
 * The header of SEND_MESSAGE (10), SEND_MESSAGE_V2 (310) and SEND_BATCH_MESSAGE (320), whichever
 * spelling it came in (REMOTING.md 2.3): V2 uses one-letter keys {@code a}..{@code n}; 320 comes
 * in either spelling depending on the client's {@code sendSmartMsg}. A missing or malformed
 * required field is reported with both names, e.g. "the custom field <b> (topic) is null".
 * Immutable.
 *
 * @param producerGroup {@code a}/producerGroup
 * @param topic {@code b}/topic
 * @param defaultTopic {@code c}/defaultTopic: where unknown topics are created from
 * @param defaultTopicQueueNums {@code d}/defaultTopicQueueNums
 * @param queueId {@code e}/queueId; negative lets the broker choose
 * @param sysFlag {@code f}/sysFlag
 * @param bornTimestamp {@code g}/bornTimestamp
 * @param flag {@code h}/flag
 * @param properties {@code i}/properties, or null
 * @param reconsumeTimes {@code j}/reconsumeTimes
 * @param maxReconsumeTimes {@code l}/maxReconsumeTimes, or -1 when absent
 */
public record SendHeader(
        String producerGroup,
        String topic,
        String defaultTopic,
        int defaultTopicQueueNums,
        int queueId,
        int sysFlag,
        long bornTimestamp,
        int flag,
        String properties,
        int reconsumeTimes,
        int maxReconsumeTimes) {

    /** Parses the header of {@code request}. */
    public static SendHeader parse(RemotingCommand request) {
        boolean v2 = request.code() == RequestCode.SEND_MESSAGE_V2
                || (request.code() == RequestCode.SEND_BATCH_MESSAGE && request.ext("topic") == null);
        Fields fields = new Fields(request, v2);
        return new SendHeader(
                fields.required("a", "producerGroup"),
                fields.required("b", "topic"),
                fields.optional("c", "defaultTopic"),
                fields.intValue("d", "defaultTopicQueueNums", 4),
                fields.requiredInt("e", "queueId"),
                fields.requiredInt("f", "sysFlag"),
                fields.longValue("g", "bornTimestamp"),
                fields.intValue("h", "flag", 0),
                fields.optional("i", "properties"),
                fields.intValue("j", "reconsumeTimes", 0),
                fields.intValue("l", "maxReconsumeTimes", -1));
    }

    /** Reads one spelling of the header, naming both spellings in errors. */
    private record Fields(RemotingCommand request, boolean v2) {

        String optional(String shortKey, String longKey) {
            return request.ext(v2 ? shortKey : longKey);
        }

        String required(String shortKey, String longKey) {
            String value = optional(shortKey, longKey);
            if (value == null) {
                throw new ProtocolException("the custom field " + name(shortKey, longKey) + " is null");
            }
            return value;
        }

        int requiredInt(String shortKey, String longKey) {
            return parseInt(shortKey, longKey, required(shortKey, longKey));
        }

        int intValue(String shortKey, String longKey, int fallback) {
            String value = optional(shortKey, longKey);
            return value == null ? fallback : parseInt(shortKey, longKey, value);
        }

        long longValue(String shortKey, String longKey) {
            String value = required(shortKey, longKey);
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                throw new ProtocolException(
                        "the custom field " + name(shortKey, longKey) + " is not a long: '" + value + "'");
            }
        }

        private int parseInt(String shortKey, String longKey, String value) {
            try {
                return Integer.parseInt(value.trim());
            } catch (NumberFormatException e) {
                throw new ProtocolException(
                        "the custom field " + name(shortKey, longKey) + " is not an int: '" + value + "'");
            }
        }

        private String name(String shortKey, String longKey) {
            return v2 ? "<" + shortKey + "> (" + longKey + ")" : "<" + longKey + ">";
        }
    }
}
