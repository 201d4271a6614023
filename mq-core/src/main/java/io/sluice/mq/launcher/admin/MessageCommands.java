package io.sluice.mq.launcher.admin;

import static io.sluice.mq.launcher.admin.Table.col;

import io.sluice.mq.client.admin.QueueRead;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Send and find single messages: sendMessage, queryMsgById, queryMsgByKey, queryMsgByUniqueKey, queryMsgByOffset. */
final class MessageCommands {

    /** The consumer group admin reads use, as mqadmin's; it never commits an offset. */
    static final String TOOLS_GROUP = "TOOLS_CONSUMER";

    private MessageCommands() {}

    /** {@code sendMessage}: sends one message and prints where it went. */
    @Command(name = "sendMessage", mixinStandardHelpOptions = true, description = "Send one message.")
    public static final class SendMessage extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Option(
                names = {"-p", "--body"},
                required = true,
                description = "Message body (UTF-8 text).")
        String body;

        @Option(
                names = {"-k", "--keys"},
                description = "Message keys, space-separated.")
        String keys;

        @Option(
                names = {"-c", "--tags"},
                description = "Message tag.")
        String tags;

        @Option(
                names = {"-b", "--broker"},
                description = "Send to this broker name (with -i).")
        String brokerName;

        @Option(
                names = {"-i", "--qid"},
                description = "Send to this queue id (with -b).")
        Integer queueId;

        public SendMessage(Clock clock) {
            super(clock);
        }

        @Override
        protected void validate() {
            if ((brokerName == null) != (queueId == null)) {
                throw new IllegalArgumentException("-b <brokerName> and -i <queueId> go together");
            }
        }

        @Override
        protected void run(AdminSession session, Report report) {
            Message.Builder message = Message.builder(topicOption.topic).body(body.getBytes(StandardCharsets.UTF_8));
            if (tags != null) {
                message.tags(tags);
            }
            if (keys != null && !keys.isBlank()) {
                message.keys(keys.trim().split("\\s+"));
            }
            SendResult result;
            try (Producer producer = session.client().newProducer(ProducerConfig.of("SLUICE_ADMIN_PRODUCER"))) {
                result = brokerName == null
                        ? producer.send(message.build())
                        : producer.send(message.build(), new MessageQueue(topicOption.topic, brokerName, queueId));
            }
            Table table = new Table(
                    col("#Broker Name", "brokerName"),
                    col("#QID", "queueId"),
                    col("#Send Result", "sendResult"),
                    col("#MsgId", "msgId"));
            table.row(result.queue().brokerName(), result.queue().queueId(), result.status(), result.msgId());
            report.table("results", table)
                    .json("offsetMsgId", result.offsetMsgId())
                    .json("queueOffset", result.queueOffset());
        }
    }

    /** {@code queryMsgById}: messages by their offset message ids. */
    @Command(
            name = "queryMsgById",
            mixinStandardHelpOptions = true,
            description = "Print messages by offset message id (with -t also by the producer's unique id).")
    public static final class QueryMsgById extends AdminSubcommand {

        @Mixin
        BodyDump bodies;

        @Option(
                names = {"-i", "--msgId"},
                required = true,
                split = ",",
                description = "Message ids, ','-separated.")
        List<String> ids;

        @Option(
                names = {"-t", "--topic"},
                description = "Topic: also look the ids up as unique keys.")
        String topic;

        public QueryMsgById(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i).trim();
                ReceivedMessage message = topic == null
                        ? session.admin().viewMessage(id)
                        : session.admin().viewById(topic, id);
                if (i > 0) {
                    report.line("");
                }
                MessageView.details(report, ids.size() == 1 ? "message" : "message" + i, message, bodies);
            }
        }
    }

    /** {@code queryMsgByUniqueKey}: a message by the producer's unique id. */
    @Command(
            name = "queryMsgByUniqueKey",
            mixinStandardHelpOptions = true,
            description = "Print a message by the producer's unique message id.")
    public static final class QueryMsgByUniqueKey extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Mixin
        BodyDump bodies;

        @Option(
                names = {"-i", "--msgId"},
                required = true,
                description = "Unique message id.")
        String id;

        public QueryMsgByUniqueKey(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            session.route(topicOption.topic);
            MessageView.details(report, "message", session.admin().viewById(topicOption.topic, id.trim()), bodies);
        }
    }

    /** {@code queryMsgByKey}: messages whose key matches, in a time range. */
    @Command(
            name = "queryMsgByKey",
            mixinStandardHelpOptions = true,
            description = "List messages of a topic with a key, stored in a time range.")
    public static final class QueryMsgByKey extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Option(
                names = {"-k", "--msgKey"},
                required = true,
                description = "Key.")
        String key;

        @Option(
                names = {"-b", "--beginTimestamp"},
                defaultValue = "0",
                description = "From (ms, default 0).")
        long begin;

        @Option(
                names = {"-e", "--endTimestamp"},
                description = "To (ms, default now).")
        Long end;

        @Option(
                names = {"-c", "--maxNum"},
                defaultValue = "64",
                description = "At most this many (default 64).")
        int maxNum;

        public QueryMsgByKey(Clock clock) {
            super(clock);
        }

        @Override
        protected void validate() {
            if (maxNum <= 0) {
                throw new IllegalArgumentException("-c must be > 0, was " + maxNum);
            }
        }

        @Override
        protected void run(AdminSession session, Report report) {
            session.route(topicOption.topic);
            long to = end == null ? Long.MAX_VALUE : end;
            Table table = new Table(col("#Message ID", "msgId"), col("#QID", "queueId"), col("#Offset", "queueOffset"));
            for (ReceivedMessage message : session.admin().queryByKey(topicOption.topic, key, begin, to, maxNum)) {
                table.row(message.msgId(), message.queue().queueId(), message.queueOffset());
            }
            report.table("messages", table);
        }
    }

    /** {@code queryMsgByOffset}: the message at a queue offset. */
    @Command(
            name = "queryMsgByOffset",
            mixinStandardHelpOptions = true,
            description = "Print the message at an offset of a queue.")
    public static final class QueryMsgByOffset extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Mixin
        BodyDump bodies;

        @Option(
                names = {"-b", "--brokerName"},
                required = true,
                description = "Broker name.")
        String brokerName;

        @Option(
                names = {"-i", "--queueId"},
                required = true,
                description = "Queue id.")
        int queueId;

        @Option(
                names = {"-o", "--offset"},
                required = true,
                description = "Queue offset.")
        long offset;

        public QueryMsgByOffset(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            session.route(topicOption.topic);
            MessageQueue queue = new MessageQueue(topicOption.topic, brokerName, queueId);
            QueueRead read = session.admin().read(TOOLS_GROUP, queue, offset, 1);
            ReceivedMessage message = read.messages().stream()
                    .filter(m -> m.queueOffset() == offset)
                    .findFirst()
                    .orElseThrow(() -> new AdminFailure("no message at offset " + offset + " of " + queue
                            + " (readable offsets: " + read.minOffset() + " to " + (read.maxOffset() - 1) + ")"));
            MessageView.details(report, "message", message, bodies);
        }
    }
}
