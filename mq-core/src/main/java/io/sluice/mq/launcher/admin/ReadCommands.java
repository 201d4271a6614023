package io.sluice.mq.launcher.admin;

import io.sluice.mq.client.admin.QueueRead;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.common.Clock;
import io.sluice.mq.common.MessageQueue;
import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Read messages without a consumer group's offsets: printMsg, consumeMessage. */
final class ReadCommands {

    private static final int BATCH = 32;

    private ReadCommands() {}

    /** What one queue read returned: the messages and the offset after the last one read. */
    private record Range(List<ReceivedMessage> messages, long nextOffset) {}

    /**
     * Messages of {@code queue} in [{@code from}, {@code to}), at most {@code limit}, whose tag is in
     * {@code tags} (null: every tag). Reads in batches; stops at {@code to}, at the limit, or at the
     * end of the queue, so the loop is bounded by the range.
     */
    private static Range read(
            AdminSession session, MessageQueue queue, long from, long to, int limit, Set<String> tags) {
        List<ReceivedMessage> found = new ArrayList<>();
        long offset = from;
        while (offset < to && found.size() < limit) {
            QueueRead read = session.admin().read(MessageCommands.TOOLS_GROUP, queue, offset, BATCH);
            if (read.messages().isEmpty() || read.nextOffset() <= offset) {
                break;
            }
            for (ReceivedMessage message : read.messages()) {
                if (message.queueOffset() < to && found.size() < limit && matches(message, tags)) {
                    found.add(message);
                }
            }
            offset = read.nextOffset();
        }
        return new Range(found, Math.min(offset, to));
    }

    private static boolean matches(ReceivedMessage message, Set<String> tags) {
        return tags == null || (message.tags() != null && tags.contains(message.tags()));
    }

    /** The tags of a TAG expression ("A || B"), or null for "*". */
    private static Set<String> tags(String expression) {
        if (expression == null || expression.isBlank() || "*".equals(expression.trim())) {
            return null;
        }
        Set<String> tags = new java.util.TreeSet<>();
        for (String tag : expression.split("\\|\\|")) {
            if (!tag.isBlank()) {
                tags.add(tag.trim());
            }
        }
        return tags;
    }

    private static Charset charset(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            throw new IllegalArgumentException("-c '" + name + "' is not a charset this JVM knows");
        }
    }

    /** {@code printMsg}: every message of a topic stored in a time range. */
    @Command(
            name = "printMsg",
            mixinStandardHelpOptions = true,
            description = "Print the messages of a topic stored in a time range, every queue.")
    public static final class PrintMsg extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Mixin
        BodyDump bodies;

        @Option(
                names = {"-c", "--charsetName"},
                defaultValue = "UTF-8",
                description = "Body charset (UTF-8).")
        String charsetName;

        @Option(
                names = {"-s", "--subExpression"},
                defaultValue = "*",
                description = "Tag expression (*).")
        String subExpression;

        @Option(
                names = {"-b", "--beginTimestamp"},
                description = "From: ms, yyyy-MM-dd#HH:mm:ss:SSS or now.")
        String begin;

        @Option(
                names = {"-e", "--endTimestamp"},
                description = "To: ms, yyyy-MM-dd#HH:mm:ss:SSS or now.")
        String end;

        @Option(
                names = {"-d", "--printBody"},
                defaultValue = "true",
                description = "Print bodies (true).")
        boolean printBody;

        @Option(names = "--max", defaultValue = "10000", description = "At most this many messages (10000).")
        int max;

        public PrintMsg(Clock clock) {
            super(clock);
        }

        @Override
        protected void run(AdminSession session, Report report) {
            Charset charset = charset(charsetName);
            session.route(topicOption.topic);
            Table table = MessageView.table();
            int left = max;
            for (MessageQueue queue : session.admin().queues(topicOption.topic)) {
                long from = begin == null
                        ? session.admin().minOffset(queue)
                        : session.admin().searchOffset(queue, Times.parse("-b", begin, session.nowMs()));
                long to = end == null
                        ? session.admin().maxOffset(queue)
                        : session.admin().searchOffset(queue, Times.parse("-e", end, session.nowMs()));
                Range range = read(session, queue, from, to, left, tags(subExpression));
                range.messages().forEach(message -> MessageView.row(table, message, charset, printBody, bodies));
                left -= range.messages().size();
            }
            report.table("messages", table);
        }
    }

    /** {@code consumeMessage}: messages from a queue offset or time, without committing. */
    @Command(
            name = "consumeMessage",
            mixinStandardHelpOptions = true,
            description = "Read messages of a topic (or one queue) from an offset or a time, committing nothing.")
    public static final class ConsumeMessage extends AdminSubcommand {

        @Mixin
        TopicOption topicOption;

        @Mixin
        BodyDump bodies;

        @Option(
                names = {"-b", "--brokerName"},
                description = "Only this broker (with -i).")
        String brokerName;

        @Option(
                names = {"-i", "--queueId"},
                description = "Only this queue (with -b).")
        Integer queueId;

        @Option(
                names = {"-o", "--offset"},
                description = "From this offset (with -b and -i).")
        Long offset;

        @Option(
                names = {"-s", "--beginTimestamp"},
                description = "From: ms, yyyy-MM-dd#HH:mm:ss:SSS or now.")
        String begin;

        @Option(
                names = {"-e", "--endTimestamp"},
                description = "To: ms, yyyy-MM-dd#HH:mm:ss:SSS or now.")
        String end;

        @Option(
                names = {"-c", "--MessageNumber"},
                defaultValue = "128",
                description = "At most this many (128).")
        int count;

        public ConsumeMessage(Clock clock) {
            super(clock);
        }

        @Override
        protected void validate() {
            if ((brokerName == null) != (queueId == null)) {
                throw new IllegalArgumentException("-b <brokerName> and -i <queueId> go together");
            }
            if (offset != null && queueId == null) {
                throw new IllegalArgumentException("-o needs one queue: give -b and -i too");
            }
            if (count <= 0) {
                throw new IllegalArgumentException("-c must be > 0, was " + count);
            }
        }

        @Override
        protected void run(AdminSession session, Report report) {
            session.route(topicOption.topic);
            List<MessageQueue> queues = brokerName != null
                    ? List.of(new MessageQueue(topicOption.topic, brokerName, queueId))
                    : session.admin().queues(topicOption.topic);
            Table table = MessageView.table();
            List<String> statuses = new ArrayList<>();
            int left = count;
            for (MessageQueue queue : queues) {
                long from = offset != null
                        ? offset
                        : begin == null
                                ? session.admin().minOffset(queue)
                                : session.admin().searchOffset(queue, Times.parse("-s", begin, session.nowMs()));
                long to = end == null
                        ? session.admin().maxOffset(queue)
                        : session.admin().searchOffset(queue, Times.parse("-e", end, session.nowMs()));
                Range range = read(session, queue, from, to, left, null);
                range.messages()
                        .forEach(message -> MessageView.row(table, message, StandardCharsets.UTF_8, true, bodies));
                left -= range.messages().size();
                statuses.add("print msg finished. status=" + (range.messages().isEmpty() ? "NO_NEW_MSG" : "FOUND")
                        + ", queue=" + queue.brokerName() + ":" + queue.queueId() + ", offset=" + range.nextOffset());
            }
            report.table("messages", table);
            statuses.forEach(report::line);
        }
    }
}
