package io.sluice.connector.flink.table;

import static io.sluice.connector.flink.table.OptionChecks.check;
import static io.sluice.connector.flink.table.OptionChecks.invalid;
import static io.sluice.connector.flink.table.OptionChecks.onlyWith;
import static io.sluice.connector.flink.table.OptionChecks.required;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.NAMESERVER_ADDRESS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.REQUEST_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_DELAY_LEVEL;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_DELIVERY_GUARANTEE;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_FLUSH_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_IDEMPOTENT_SENDS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_KEYS_FIELDS;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_MAX_IN_FLIGHT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_MAX_TRANSACTION_BYTES;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_PRODUCER_GROUP;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_PROPERTIES;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_QUEUE_BY;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_SEND_RETRIES;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_SEND_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_TAG;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_TRANSACTIONAL_ID_PREFIX;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.SINK_TRANSACTION_TIMEOUT;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.TOPIC;
import static io.sluice.connector.flink.table.SluiceConnectorOptions.TOPIC_PATTERN;

import io.sluice.connector.flink.sink.SluiceSinkBuilder;
import io.sluice.connector.flink.table.SluiceConnectorOptions.QueueBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.RowType;

/**
 * Turns the {@code WITH} options of a sluice table into {@link SluiceSinkBuilder} settings and the
 * {@link RowRouting} of its rows. Every check is made here against option keys (the builder's own
 * checks stay as a second line). Options must already have passed {@code FactoryUtil}'s validation
 * (types and unknown keys). Stateless.
 */
@Internal
final class SinkOptions {

    /** What the client accepts as a topic name. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[%|a-zA-Z0-9_-]{1,127}");

    /** What the sink accepts as a transactional id prefix (see {@link SluiceSinkBuilder}). */
    private static final Pattern ID_PREFIX = Pattern.compile("[A-Za-z0-9_.:]{1,150}");

    private SinkOptions() {}

    /**
     * Applies every client, delivery and transaction option to {@code builder} (all but the record
     * serializer).
     *
     * @throws ValidationException naming the option key and its value
     */
    static void configure(ReadableConfig options, SluiceSinkBuilder<?> builder) {
        builder.setNameServerAddress(required(options, NAMESERVER_ADDRESS, "write"));
        String topic = topic(options);
        DeliveryGuarantee guarantee = options.get(SINK_DELIVERY_GUARANTEE);
        builder.setDeliveryGuarantee(guarantee);
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            transactions(options, builder, topic);
        } else {
            onlyWith(options, SINK_TRANSACTIONAL_ID_PREFIX, SINK_DELIVERY_GUARANTEE, DeliveryGuarantee.EXACTLY_ONCE);
        }
        String group = options.get(SINK_PRODUCER_GROUP);
        check(!group.isBlank(), SINK_PRODUCER_GROUP, group, "a non-blank name");
        builder.setProducerGroup(group);
        builder.setRequestTimeout(positive(options, REQUEST_TIMEOUT));
        builder.setSendTimeout(positive(options, SINK_SEND_TIMEOUT));
        builder.setFlushTimeout(positive(options, SINK_FLUSH_TIMEOUT));
        int retries = options.get(SINK_SEND_RETRIES);
        check(retries >= 0 && retries <= 16, SINK_SEND_RETRIES, retries, "in [0, 16]");
        builder.setSendRetries(retries);
        builder.setIdempotentSends(options.get(SINK_IDEMPOTENT_SENDS));
        int inFlight = options.get(SINK_MAX_IN_FLIGHT);
        check(inFlight >= 1, SINK_MAX_IN_FLIGHT, inFlight, ">= 1");
        builder.setMaxInFlightSends(inFlight);
    }

    /**
     * The routing of the rows of a table whose physical columns are {@code physical}.
     *
     * @throws ValidationException naming the option key and its value
     */
    static RowRouting routing(ReadableConfig options, RowType physical) {
        String topic = topic(options);
        String tag = options.getOptional(SINK_TAG).orElse(null);
        if (tag != null) {
            check(!tag.isBlank() && !tag.contains("||"), SINK_TAG, tag, "one non-blank tag without '||'");
        }
        List<String> keyNames = options.getOptional(SINK_KEYS_FIELDS).orElse(List.of());
        int[] keyFields = keyFields(keyNames, physical);
        LogicalType[] keyTypes = new LogicalType[keyFields.length];
        for (int i = 0; i < keyFields.length; i++) {
            keyTypes[i] = physical.getTypeAt(keyFields[i]);
        }
        QueueBy queueBy = options.get(SINK_QUEUE_BY);
        if (queueBy == QueueBy.KEY) {
            required(options, SINK_KEYS_FIELDS, SINK_QUEUE_BY, queueBy);
        }
        Map<String, String> properties = options.getOptional(SINK_PROPERTIES).orElse(Map.of());
        properties.forEach((name, value) -> check(
                !name.isBlank() && !WritableMetadata.isSystemProperty(name),
                SINK_PROPERTIES,
                name + ":" + value,
                "user property names; " + name + " is set by the client or broker"));
        Integer delayLevel = options.getOptional(SINK_DELAY_LEVEL).orElse(null);
        if (delayLevel != null) {
            check(delayLevel >= 1, SINK_DELAY_LEVEL, delayLevel, ">= 1");
        }
        return new RowRouting(topic, tag, properties, delayLevel, keyFields, keyTypes, queueBy == QueueBy.KEY);
    }

    /** The one topic a sink writes: {@code topic} with a single valid name, no {@code topic-pattern}. */
    static String topic(ReadableConfig options) {
        if (options.getOptional(TOPIC_PATTERN).isPresent()) {
            throw new ValidationException(String.format(
                    "Option '%s' cannot be written to; set '%s' to the one topic the sink writes",
                    TOPIC_PATTERN.key(), TOPIC.key()));
        }
        List<String> topics = required(options, TOPIC, "write");
        check(topics.size() == 1, TOPIC, String.join(";", topics), "a single topic to write");
        String topic = topics.get(0).trim();
        check(TOPIC_NAME.matcher(topic).matches(), TOPIC, topic, "1 to 127 of [%|a-zA-Z0-9_-]");
        return topic;
    }

    private static void transactions(ReadableConfig options, SluiceSinkBuilder<?> builder, String topic) {
        String prefix = required(
                options, SINK_TRANSACTIONAL_ID_PREFIX, SINK_DELIVERY_GUARANTEE, DeliveryGuarantee.EXACTLY_ONCE);
        check(ID_PREFIX.matcher(prefix).matches(), SINK_TRANSACTIONAL_ID_PREFIX, prefix, "1 to 150 of [A-Za-z0-9_.:]");
        Duration timeout = options.get(SINK_TRANSACTION_TIMEOUT);
        check(
                timeout.compareTo(Duration.ofSeconds(1)) >= 0 && timeout.compareTo(Duration.ofMinutes(15)) <= 0,
                SINK_TRANSACTION_TIMEOUT,
                timeout,
                "in [1 s, 15 min]");
        long maxBytes = options.get(SINK_MAX_TRANSACTION_BYTES).getBytes();
        check(maxBytes >= 1024, SINK_MAX_TRANSACTION_BYTES, options.get(SINK_MAX_TRANSACTION_BYTES), ">= 1kb");
        builder.setTransactionalIdPrefix(prefix)
                .setTransactionTopic(topic)
                .setTransactionTimeout(timeout)
                .setMaxTransactionBytes(maxBytes);
    }

    private static int[] keyFields(List<String> names, RowType physical) {
        List<Integer> positions = new ArrayList<>();
        for (String raw : names) {
            String name = raw.trim();
            int position = physical.getFieldIndex(name);
            if (position < 0) {
                throw invalid(SINK_KEYS_FIELDS, name, "not a physical column; columns: " + physical.getFieldNames());
            }
            if (!keyType(physical.getTypeAt(position))) {
                throw invalid(
                        SINK_KEYS_FIELDS,
                        name,
                        "a key column must be a string, integer, decimal or boolean, was "
                                + physical.getTypeAt(position).asSummaryString());
            }
            if (positions.contains(position)) {
                throw invalid(SINK_KEYS_FIELDS, name, "listed twice");
            }
            positions.add(position);
        }
        return positions.stream().mapToInt(Integer::intValue).toArray();
    }

    private static boolean keyType(LogicalType type) {
        return type.is(LogicalTypeFamily.CHARACTER_STRING)
                || type.is(LogicalTypeFamily.EXACT_NUMERIC)
                || type.is(LogicalTypeRoot.BOOLEAN);
    }

    private static Duration positive(ReadableConfig options, ConfigOption<Duration> option) {
        Duration value = options.get(option);
        check(!value.isNegative() && !value.isZero(), option, value, "> 0");
        return value;
    }
}
