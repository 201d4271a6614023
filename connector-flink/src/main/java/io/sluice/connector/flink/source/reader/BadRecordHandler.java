package io.sluice.connector.flink.source.reader;

import io.sluice.connector.flink.source.BadRecordPolicy;
import io.sluice.connector.flink.source.metrics.SourceReaderMetrics;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.common.MqException;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the {@link BadRecordPolicy} to a message the deserializer rejected. A dead-lettered copy
 * keeps body, tag and keys, and carries where it came from and why, as properties:
 * {@value #SOURCE_TOPIC}, {@value #SOURCE_BROKER}, {@value #SOURCE_QUEUE_ID}, {@value
 * #SOURCE_OFFSET}, {@value #SOURCE_MSG_ID}, {@value #ERROR}. It is sent synchronously before the
 * split's offset moves on; a failure to send fails the task (the record would be lost otherwise).
 * A replay after a failure may dead-letter a record again (at-least-once).
 *
 * <p>Not thread-safe: used by the task thread only.
 */
@Internal
public final class BadRecordHandler {

    public static final String SOURCE_TOPIC = "SLUICE_SOURCE_TOPIC";
    public static final String SOURCE_BROKER = "SLUICE_SOURCE_BROKER";
    public static final String SOURCE_QUEUE_ID = "SLUICE_SOURCE_QUEUE_ID";
    public static final String SOURCE_OFFSET = "SLUICE_SOURCE_OFFSET";
    public static final String SOURCE_MSG_ID = "SLUICE_SOURCE_MSG_ID";
    public static final String ERROR = "SLUICE_ERROR";
    private static final int MAX_ERROR_CHARS = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(BadRecordHandler.class);

    private final BadRecordPolicy policy;
    private final String deadLetterTopic;
    private final MqClient client;
    private final String group;
    private final SourceReaderMetrics metrics;
    private Producer producer;

    public BadRecordHandler(
            BadRecordPolicy policy,
            String deadLetterTopic,
            MqClient client,
            String group,
            SourceReaderMetrics metrics) {
        this.policy = policy;
        this.deadLetterTopic = deadLetterTopic;
        this.client = client;
        this.group = group;
        this.metrics = metrics;
    }

    /**
     * Handles {@code message}, which failed with {@code error}.
     *
     * @throws IOException under {@link BadRecordPolicy#FAIL}, or if the dead-letter send fails
     */
    public void handle(ReceivedMessage message, Exception error) throws IOException {
        metrics.deserializationError();
        switch (policy) {
            case FAIL ->
                throw new IOException(
                        "cannot deserialize " + describe(message) + " (bad-record policy FAIL): " + error, error);
            case SKIP -> LOG.warn("skipping {} (bad-record policy SKIP): {}", describe(message), error.toString());
            case DEAD_LETTER -> deadLetter(message, error);
        }
    }

    private void deadLetter(ReceivedMessage message, Exception error) throws IOException {
        Message.Builder copy = Message.builder(deadLetterTopic)
                .body(message.body())
                .property(SOURCE_TOPIC, message.topic())
                .property(SOURCE_BROKER, message.queue().brokerName())
                .property(SOURCE_QUEUE_ID, Integer.toString(message.queue().queueId()))
                .property(SOURCE_OFFSET, Long.toString(message.queueOffset()))
                .property(SOURCE_MSG_ID, message.msgId())
                .property(ERROR, truncate(error.toString()));
        if (message.tags() != null) {
            copy.tags(message.tags());
        }
        if (!message.keys().isEmpty()) {
            copy.keys(message.keys().toArray(String[]::new));
        }
        try {
            if (producer == null) {
                producer = client.newProducer(ProducerConfig.of(group + "-dead-letter"));
            }
            producer.send(copy.build());
        } catch (MqException e) {
            throw new IOException("cannot dead-letter " + describe(message) + " to " + deadLetterTopic + ": " + e, e);
        }
        metrics.deadLettered();
        LOG.warn("dead-lettered {} to {}: {}", describe(message), deadLetterTopic, error.toString());
    }

    private static String describe(ReceivedMessage message) {
        return "message " + message.msgId() + " at " + message.queue() + " offset " + message.queueOffset();
    }

    private static String truncate(String text) {
        String clean = text.replace('\u0001', ' ').replace('\u0002', ' ');
        return clean.length() <= MAX_ERROR_CHARS ? clean : clean.substring(0, MAX_ERROR_CHARS);
    }
}
