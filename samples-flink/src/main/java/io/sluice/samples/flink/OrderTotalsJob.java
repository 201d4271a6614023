package io.sluice.samples.flink;

import io.sluice.connector.flink.sink.SluiceRecordSerializer;
import io.sluice.connector.flink.sink.SluiceSink;
import io.sluice.connector.flink.source.SluiceSource;
import io.sluice.connector.flink.source.enumerator.initializer.StartingOffsets;
import io.sluice.connector.flink.source.enumerator.initializer.StoppingOffsets;
import io.sluice.connector.flink.source.reader.deserializer.AvroDeserializationSchema;
import java.time.Duration;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;

/**
 * The sample's Flink job, in a local environment (an embedded MiniCluster in this JVM):
 *
 * <pre>
 * SluiceSource (Avro orders, earliest → latest-at-start, event time from the order,
 *               watermarks with bounded out-of-orderness)
 *   → keyBy customer → tumbling event-time window → count and sum
 *   → SluiceSink EXACTLY_ONCE (one Sluice transaction per checkpoint and subtask) → order-totals
 * </pre>
 *
 * <p>The read is bounded, so the job ends by itself: the end of input sends the final watermark,
 * which fires every remaining window, and the final checkpoint commits the last transactions.
 * Not thread-safe; run once.
 */
final class OrderTotalsJob {

    /** The transactional id prefix: fixed, so a restarted job fences and aborts its previous run. */
    static final String TRANSACTIONAL_ID_PREFIX = "samples_order_totals";

    /**
     * What the job needs to know.
     *
     * @param namesrv the nameserver address
     * @param ordersTopic where the orders are
     * @param totalsTopic where the totals go
     * @param schemas the schema registry directory
     * @param window the tumbling window length
     * @param outOfOrderness how far behind the newest event time an order may arrive and still count
     * @param parallelism Flink parallelism
     */
    record Settings(
            String namesrv,
            String ordersTopic,
            String totalsTopic,
            SchemaDirectory schemas,
            Duration window,
            Duration outOfOrderness,
            int parallelism) {}

    private static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(1);

    private final Settings settings;

    OrderTotalsJob(Settings settings) {
        this.settings = settings;
    }

    /** Builds the job, runs it to the end and returns Flink's result. */
    JobExecutionResult run() throws Exception {
        Configuration conf = new Configuration();
        // A sample should fail loudly rather than retry forever; two restarts show recovery still works.
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofSeconds(1));
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(settings.parallelism(), conf);
        env.enableCheckpointing(CHECKPOINT_INTERVAL.toMillis());

        WatermarkStrategy<Order> watermarks = WatermarkStrategy.<Order>forBoundedOutOfOrderness(
                        settings.outOfOrderness())
                .withTimestampAssigner((order, storeTime) -> order.eventTimeMs());
        env.fromSource(source(), watermarks, "orders")
                .keyBy(Order::customer)
                .window(TumblingEventTimeWindows.of(settings.window()))
                .aggregate(new SumAndCount(), new EmitWindowTotal())
                .name("totals per customer and window")
                .sinkTo(sink())
                .name("order-totals");
        return env.execute("sluice sample: order totals");
    }

    private SluiceSource<Order> source() {
        SchemaDirectory schemas = settings.schemas();
        return SluiceSource.<Order>builder()
                .setNamesrvAddresses(settings.namesrv())
                .setGroup("samples-order-totals")
                .setTopics(settings.ordersTopic())
                .setStartingOffsets(StartingOffsets.earliest())
                .setBounded(StoppingOffsets.latest())
                .setDeserializer(AvroDeserializationSchema.generic(
                        schemas::open, OrderSchemas::orderOf, TypeInformation.of(Order.class)))
                .build();
    }

    private SluiceSink<WindowTotal> sink() {
        return SluiceSink.<WindowTotal>builder()
                .setNameServerAddress(settings.namesrv())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(TRANSACTIONAL_ID_PREFIX)
                .setTransactionTopic(settings.totalsTopic())
                .setRecordSerializer(SluiceRecordSerializer.<WindowTotal>builder()
                        .setTopic(settings.totalsTopic())
                        .setValueSerializer(WindowTotalSerializer.factory(settings.schemas()))
                        .setKeys(total -> new String[] {total.windowKey()})
                        .setQueueKey(WindowTotal::customer)
                        .build())
                .build();
    }
}
