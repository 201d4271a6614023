package io.sluice.mq.launcher.admin;

import static io.sluice.mq.launcher.admin.Table.col;

import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.message.MessageIds;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How messages are printed: one message's details (queryMsgById and friends, mqadmin's field
 * names, the body as text or, with {@code --bodyDir}, dumped to a file) and a table of many
 * (printMsg, consumeMessage). Thread-safe (stateless).
 */
final class MessageView {

    private MessageView() {}

    /**
     * The details of {@code message}, as "Label: value" lines and a JSON object; the body inline,
     * or with {@code --bodyDir} written to a file whose path is printed ("Message Body Path", as
     * mqadmin).
     */
    static void details(Report report, String key, ReceivedMessage message, BodyDump bodies) {
        Map<String, Object> json = new LinkedHashMap<>();
        line(report, json, "OffsetID", "offsetMsgId", message.offsetMsgId());
        line(report, json, "MsgId", "msgId", message.msgId());
        line(report, json, "Topic", "topic", message.topic());
        line(report, json, "Tags", "tags", "[" + (message.tags() == null ? "" : message.tags()) + "]");
        line(report, json, "Keys", "keys", "[" + String.join(" ", message.keys()) + "]");
        line(report, json, "Queue ID", "queueId", message.queue().queueId());
        line(report, json, "Queue Offset", "queueOffset", message.queueOffset());
        line(report, json, "CommitLog Offset", "commitLogOffset", message.logPosition());
        line(report, json, "Reconsume Times", "reconsumeTimes", message.reconsumeTimes());
        line(report, json, "Born Timestamp", "bornTimestamp", Times.format(message.bornTimestamp()));
        line(report, json, "Store Timestamp", "storeTimestamp", Times.format(message.storeTimestamp()));
        line(report, json, "Store Host", "storeHost", storeHost(message.offsetMsgId()));
        line(report, json, "Properties", "properties", message.properties());
        if (bodies.enabled()) {
            line(
                    report,
                    json,
                    "Message Body Path",
                    "bodyPath",
                    bodies.write(message).toString());
        } else {
            line(report, json, "Message Body", "body", new String(message.body(), StandardCharsets.UTF_8));
        }
        report.json(key, json);
    }

    private static void line(Report report, Map<String, Object> json, String label, String key, Object value) {
        report.line(String.format(Locale.ROOT, "%-20s %s", label + ":", value));
        json.put(key, value);
    }

    private static String storeHost(String offsetMsgId) {
        try {
            return MessageIds.decode(offsetMsgId).brokerAddress();
        } catch (ProtocolException e) {
            return "-"; // not an offset id (a message without one): the store host is unknown
        }
    }

    /** An empty table of messages; add rows with {@link #row}. */
    static Table table() {
        return new Table(
                col("#Broker Name", "brokerName"),
                col("#QID", "queueId"),
                col("#Offset", "queueOffset"),
                col("#MsgId", "msgId"),
                col("#StoreTime", "storeTime"),
                col("#Tags", "tags"),
                col("#Keys", "keys"),
                col("#Body", "body"));
    }

    /**
     * Adds {@code message}; its body decoded with {@code charset} (or the file {@code bodies}
     * wrote it to), or "-" when not printed.
     */
    static void row(Table table, ReceivedMessage message, Charset charset, boolean printBody, BodyDump bodies) {
        table.row(
                message.queue().brokerName(),
                message.queue().queueId(),
                message.queueOffset(),
                message.msgId(),
                Times.format(message.storeTimestamp()),
                message.tags() == null ? "" : message.tags(),
                String.join(" ", message.keys()),
                printBody ? bodies.render(message, charset) : "-");
    }
}
