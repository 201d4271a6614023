package io.sluice.mq.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.broker.BrokerConfig;
import io.sluice.mq.client.ClientConfig;
import io.sluice.mq.client.MqClient;
import io.sluice.mq.client.admin.NewTopic;
import io.sluice.mq.client.consumer.Consumer;
import io.sluice.mq.client.consumer.ConsumerConfig;
import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.client.producer.Producer;
import io.sluice.mq.client.producer.ProducerConfig;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.client.producer.SendStatus;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.SerializeType;
import io.sluice.mq.protocol.message.BatchCodec;
import io.sluice.mq.standalone.AckingProducers.Ack;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3's bad-input proof at broker level: a real {@link StandaloneCluster} (auto-create off,
 * 64 KiB message limit) takes acknowledged sends from two producer threads while hostile
 * connections, one after another, send every attack of {@link Attack} once and then 150 more
 * chosen by the seed. Each attack gets the answer it must get:
 *
 * <ul>
 *   <li>stream-level garbage (a frame over the size limit, a negative length, a header longer
 *       than its frame, an unknown serialize type, invalid header JSON), sent to the broker or,
 *       one time in four, to the nameserver, closes that connection without an answer, since the
 *       stream cannot be resynchronised; a frame cut short and then
 *       ended is closed unanswered too; random-byte frames are closed or answered with an error;
 *   <li>well-formed requests with bad content are answered on a connection that stays usable: an
 *       unknown request code with 3 and RocketMQ's remark, a body over maxMessageSize with 13
 *       naming size and limit, a malformed batch with 13, an unknown topic with 17 (and the topic
 *       is not created), a PULL or SEND missing a required field, or with a malformed one, with 1
 *       naming the field;
 *   <li>connections closed after a SEND and during a held long-poll PULL leave nothing behind.
 * </ul>
 *
 * Then: the broker still answers and acknowledges, every acknowledged message is in the topic at
 * its acknowledged queue offset with its exact body, and the topic holds nothing but the
 * producers' own messages; all of it again after a restart.
 *
 * <p>Randomized: prints its seed; replay with {@code -Dmq.test.seed=<seed>}.
 */
class BrokerHostileInputTest {

    private static final String TOPIC = "Hostile";
    private static final String SIDE_TOPIC = "HostileSide";
    private static final String IDLE_TOPIC = "HostileIdle";
    private static final int QUEUES = 4;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final int RANDOM_ROUNDS = 150;
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);
    private static final List<String> PULL_REQUIRED =
            List.of("consumerGroup", "topic", "queueId", "queueOffset", "maxMsgNums", "sysFlag");
    private static final List<String> SEND_V2_REQUIRED = List.of("a", "b", "e", "f");

    /** One kind of hostile connection. */
    enum Attack {
        OVERSIZED_FRAME,
        NEGATIVE_LENGTH,
        HEADER_LONGER_THAN_FRAME,
        UNKNOWN_SERIALIZE_TYPE,
        BAD_JSON_HEADER,
        RANDOM_FRAME,
        TRUNCATED_FRAME,
        UNKNOWN_CODE,
        OVERSIZED_MESSAGE,
        OVERSIZED_PROPERTIES,
        MALFORMED_BATCH,
        PARTLY_BAD_BATCH,
        UNKNOWN_TOPIC,
        BAD_TOPIC_NAME,
        QUEUE_OUT_OF_RANGE,
        GARBAGE_BODY,
        PULL_MISSING_FIELD,
        SEND_MISSING_FIELD,
        MALFORMED_FIELD,
        CLOSED_AFTER_SEND,
        CLOSED_DURING_HELD_PULL
    }

    @TempDir
    Path dir;

    private final long seed =
            Long.getLong("mq.test.seed", ThreadLocalRandom.current().nextLong());
    private final Map<Attack, Integer> runs = new EnumMap<>(Attack.class);
    private StandaloneCluster cluster;
    private BrokerConfig config;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void hostileConnectionsGetClearAnswersAndAcknowledgedMessagesStayIntact() throws Exception {
        System.out.printf("BrokerHostileInputTest seed=%d (replay with -Dmq.test.seed=%d)%n", seed, seed);
        SplittableRandom random = new SplittableRandom(seed);
        config = BrokerConfig.builder(dir)
                .ephemeralLoopback()
                .autoCreateTopicEnable(false)
                .maxMessageSizeBytes(MAX_MESSAGE_BYTES)
                .segmentSizeBytes(8 * 1024 * 1024)
                .consumeQueueFileBytes(20 * 4096)
                .build();
        cluster = StandaloneCluster.start(config, new SystemClock());
        List<Ack> acks;
        try (MqClient client = newClient("hostile-producer")) {
            String clusterName = config.clusterName();
            client.admin().createTopic(NewTopic.of(TOPIC, QUEUES).inCluster(clusterName));
            client.admin().createTopic(NewTopic.of(SIDE_TOPIC, 1).inCluster(clusterName));
            client.admin().createTopic(NewTopic.of(IDLE_TOPIC, 1).inCluster(clusterName));
            until(
                    "routes",
                    () -> client.admin().queues(TOPIC).size() == QUEUES
                            && client.admin().queues(IDLE_TOPIC).size() == 1);
            Producer producer = client.newProducer(ProducerConfig.of("PG_HOSTILE"));
            AckingProducers producers = new AckingProducers(producer, TOPIC, seed);
            producers.start(2);
            until("first acknowledgements", () -> producers.ackCount() >= 50);
            int acksBefore = producers.ackCount();
            for (Attack attack : Attack.values()) {
                attack(attack, random);
            }
            for (int i = 0; i < RANDOM_ROUNDS; i++) {
                attack(Attack.values()[random.nextInt(Attack.values().length)], random);
            }
            until("acknowledgements during and after the attacks", () -> producers.ackCount() > acksBefore + 100);
            producers.close();
            acks = new ArrayList<>(producers.acks());
            acks.add(sendOneMore(producer, acks.size()));
            System.out.printf(
                    "attacks %s; %d acknowledged, %d failed sends%n", runs, acks.size(), producers.failures());
            assertThat(client.admin().allTopicConfigs().values().toString())
                    .as("no topic was auto-created")
                    .doesNotContain("NoSuchTopic");
        } catch (AssertionError | Exception e) {
            cluster.close();
            throw new AssertionError(
                    "failed with seed " + seed + " (replay with -Dmq.test.seed=" + seed + "): " + e, e);
        }
        try {
            verifyTopic(acks, "after the attacks");
            cluster.close();
            cluster = StandaloneCluster.start(config, new SystemClock());
            verifyTopic(acks, "after a restart");
        } catch (AssertionError e) {
            throw new AssertionError(
                    "failed with seed " + seed + " (replay with -Dmq.test.seed=" + seed + "): " + e, e);
        } finally {
            cluster.close();
        }
    }

    /** A last send after the attacks: the broker still acknowledges. */
    private Ack sendOneMore(Producer producer, long seq) {
        byte[] body = AckingProducers.body(seed, 1_000_000_000L + seq);
        SendResult result = producer.send(Message.of(TOPIC, body));
        assertThat(result.status()).as("a send after the attacks").isEqualTo(SendStatus.SEND_OK);
        return new Ack(1_000_000_000L + seq, result.msgId(), result.queue(), result.queueOffset(), body);
    }

    // ---------------------------------------------------------------- attacks

    private void attack(Attack attack, SplittableRandom random) throws Exception {
        runs.merge(attack, 1, Integer::sum);
        switch (attack) {
            case OVERSIZED_FRAME -> expectClosed(attack, random, oversizedFrame(random));
            case NEGATIVE_LENGTH ->
                expectClosed(
                        attack,
                        random,
                        ByteBuffer.allocate(8)
                                .putInt(-1 - random.nextInt(1 << 20))
                                .putInt(0)
                                .flip());
            case HEADER_LONGER_THAN_FRAME -> expectClosed(attack, random, headerLongerThanFrame(random));
            case UNKNOWN_SERIALIZE_TYPE -> expectClosed(attack, random, unknownSerializeType(random));
            case BAD_JSON_HEADER -> expectClosed(attack, random, HostileFrames.badJsonHeader(random, TOPIC));
            case RANDOM_FRAME -> randomFrame(random);
            case TRUNCATED_FRAME -> truncatedFrame(random);
            case UNKNOWN_CODE -> unknownCode(random);
            case OVERSIZED_MESSAGE -> oversizedMessage(random);
            case OVERSIZED_PROPERTIES -> oversizedProperties(random);
            case MALFORMED_BATCH -> malformedBatch(random);
            case PARTLY_BAD_BATCH -> partlyBadBatch(random);
            case UNKNOWN_TOPIC -> unknownTopic(random);
            case BAD_TOPIC_NAME -> badTopicName(random);
            case QUEUE_OUT_OF_RANGE -> queueOutOfRange(random);
            case GARBAGE_BODY -> garbageBody(random);
            case PULL_MISSING_FIELD -> pullMissingField(random);
            case SEND_MISSING_FIELD -> sendMissingField(random);
            case MALFORMED_FIELD -> malformedField(random);
            case CLOSED_AFTER_SEND -> closedAfterSend(random);
            case CLOSED_DURING_HELD_PULL -> closedDuringHeldPull();
        }
    }

    /** Stream garbage, to the broker or (one time in four) to the nameserver: closed unanswered. */
    private void expectClosed(Attack attack, SplittableRandom random, ByteBuffer bytes) throws Exception {
        String target = random.nextInt(4) == 0 ? cluster.namesrvAddress() : broker();
        try (RawConnection connection = RawConnection.open(target)) {
            connection.write(bytes);
            assertThat(connection.closedByPeerWithoutAnswer(CLOSE_WAIT))
                    .as("%s to %s closes the connection without an answer", attack, target)
                    .isTrue();
        }
    }

    private static ByteBuffer oversizedFrame(SplittableRandom random) {
        int length = random.nextBoolean()
                ? Integer.MAX_VALUE
                : FrameCodec.DEFAULT_MAX_FRAME_BYTES + 1 + random.nextInt(1 << 20);
        ByteBuffer bytes = ByteBuffer.allocate(8 + 256).putInt(length).putInt(256);
        for (int i = 0; i < 256; i++) {
            bytes.put((byte) random.nextInt(256));
        }
        return bytes.flip();
    }

    private static ByteBuffer headerLongerThanFrame(SplittableRandom random) {
        byte[] header = "{\"code\":30}".getBytes(StandardCharsets.UTF_8);
        int claimed = header.length + 1 + random.nextInt(10_000);
        int type = random.nextInt(2);
        return ByteBuffer.allocate(8 + header.length)
                .putInt(4 + header.length)
                .putInt((type << 24) | claimed)
                .put(header)
                .flip();
    }

    private static ByteBuffer unknownSerializeType(SplittableRandom random) {
        byte[] header = "{\"code\":30}".getBytes(StandardCharsets.UTF_8);
        int type = 2 + random.nextInt(254);
        return ByteBuffer.allocate(8 + header.length)
                .putInt(4 + header.length)
                .putInt((type << 24) | header.length)
                .put(header)
                .flip();
    }

    /** Random bytes, half of them behind a plausible length and header word: closed or answered with an error. */
    private void randomFrame(SplittableRandom random) throws Exception {
        byte[] garbage = new byte[1 + random.nextInt(600)];
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) random.nextInt(256);
        }
        if (garbage.length >= 8 && random.nextBoolean()) {
            ByteBuffer.wrap(garbage)
                    .putInt(0, garbage.length - 4)
                    .putInt(4, (random.nextInt(2) << 24) | random.nextInt(garbage.length - 7));
        }
        try (RawConnection connection = RawConnection.open(broker())) {
            connection.write(garbage);
            for (RemotingCommand answer : connection.finishAndReadUntilClosed(CLOSE_WAIT)) {
                assertThat(answer.isResponse())
                        .as("random bytes get at most responses: %s", answer)
                        .isTrue();
            }
        }
    }

    /** A SEND of a hostile body cut short, then ended or dropped: never answered, never stored. */
    private void truncatedFrame(SplittableRandom random) throws Exception {
        try (RawConnection connection = RawConnection.open(broker())) {
            ByteBuffer frame = connection.frame(
                    HostileFrames.sendV2(TOPIC, random.nextInt(QUEUES), HostileFrames.hostileBody(random, 2000)),
                    serializeType(random));
            connection.write(frame.limit(1 + random.nextInt(frame.remaining() - 1)));
            if (random.nextBoolean()) {
                assertThat(connection.finishAndReadUntilClosed(CLOSE_WAIT))
                        .as("a frame cut short gets no answer")
                        .isEmpty();
            }
        }
    }

    /** An unknown request code, to the broker or (one time in four) to the nameserver. */
    private void unknownCode(SplittableRandom random) throws Exception {
        int code = 9000 + random.nextInt(1000);
        boolean toNamesrv = random.nextInt(4) == 0;
        try (RawConnection connection = RawConnection.open(toNamesrv ? cluster.namesrvAddress() : broker())) {
            RemotingCommand response =
                    connection.call(RemotingCommand.request(code).putExt("x", "y"), serializeType(random));
            assertThat(response.code()).as("unknown code %d", code).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
            assertThat(response.remark()).isEqualTo(" request type " + code + " not supported");
            if (toNamesrv) {
                RemotingCommand route = connection.call(
                        RemotingCommand.request(RequestCode.GET_ROUTEINFO_BY_TOPIC)
                                .putExt("topic", TOPIC),
                        serializeType(random));
                assertThat(route.code()).as("the nameserver still serves").isEqualTo(ResponseCode.SUCCESS);
            } else {
                assertStillServes(connection, random);
            }
        }
    }

    private void oversizedMessage(SplittableRandom random) throws Exception {
        int size = MAX_MESSAGE_BYTES + 1 + random.nextInt(8192);
        try (RawConnection connection = RawConnection.open(broker())) {
            RemotingCommand response = connection.call(
                    HostileFrames.sendV2(TOPIC, random.nextInt(QUEUES), HostileFrames.hostileBody(random, size)),
                    serializeType(random));
            assertThat(response.code()).as("body of %d bytes", size).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(response.remark())
                    .as("names size and limit")
                    .contains(Integer.toString(size), Integer.toString(MAX_MESSAGE_BYTES));
            assertStillServes(connection, random);
        }
    }

    /** Properties over the 32767 bytes the stored layout can hold. */
    private void oversizedProperties(SplittableRandom random) throws Exception {
        RemotingCommand request = HostileFrames.sendV2(
                        TOPIC, random.nextInt(QUEUES), HostileFrames.hostileBody(random, 10))
                .putExt("i", "KEYS\u0001" + "k".repeat(Short.MAX_VALUE + random.nextInt(1000)));
        expectAnswer(request, ResponseCode.MESSAGE_ILLEGAL, Integer.toString(Short.MAX_VALUE), random);
    }

    private void malformedBatch(SplittableRandom random) throws Exception {
        byte[] body = HostileFrames.hostileBody(random, 64 + random.nextInt(512));
        ByteBuffer.wrap(body).putInt(0, body.length + 1 + random.nextInt(1000)); // first message overruns
        RemotingCommand request =
                HostileFrames.sendV2(TOPIC, random.nextInt(QUEUES), body).code(RequestCode.SEND_BATCH_MESSAGE);
        try (RawConnection connection = RawConnection.open(broker())) {
            RemotingCommand response = connection.call(request, serializeType(random));
            assertThat(response.code()).as("malformed batch").isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
            assertThat(response.remark()).isNotBlank();
            assertStillServes(connection, random);
        }
    }

    /** A batch whose first message is fine and whose second is cut short: nothing of it is stored. */
    private void partlyBadBatch(SplittableRandom random) throws Exception {
        byte[] good = BatchCodec.encode(List.of(new BatchCodec.Entry(0, HostileFrames.hostileBody(random, 50), "")));
        byte[] bad = BatchCodec.encode(List.of(new BatchCodec.Entry(0, HostileFrames.hostileBody(random, 50), "")));
        byte[] body = new byte[good.length + bad.length - 1 - random.nextInt(bad.length - 1)];
        System.arraycopy(good, 0, body, 0, good.length);
        System.arraycopy(bad, 0, body, good.length, body.length - good.length);
        RemotingCommand request =
                HostileFrames.sendV2(TOPIC, random.nextInt(QUEUES), body).code(RequestCode.SEND_BATCH_MESSAGE);
        expectAnswer(request, ResponseCode.MESSAGE_ILLEGAL, "batch entry at offset " + good.length, random);
    }

    private void badTopicName(SplittableRandom random) throws Exception {
        String topic = random.nextBoolean() ? "../" + TOPIC : "T".repeat(128 + random.nextInt(200));
        RemotingCommand request = random.nextBoolean()
                ? HostileFrames.sendV2(topic, 0, HostileFrames.hostileBody(random, 10))
                : RemotingCommand.request(RequestCode.UPDATE_AND_CREATE_TOPIC)
                        .putExt("topic", topic)
                        .putExt("readQueueNums", 1)
                        .putExt("writeQueueNums", 1)
                        .putExt("perm", 6);
        expectAnswer(request, ResponseCode.INVALID_PARAMETER, "the topic[", random);
    }

    private void queueOutOfRange(SplittableRandom random) throws Exception {
        int queueId = QUEUES + random.nextInt(1000);
        RemotingCommand request = HostileFrames.sendV2(TOPIC, queueId, HostileFrames.hostileBody(random, 10));
        expectAnswer(request, ResponseCode.INVALID_PARAMETER, "queueId[" + queueId + "]", random);
    }

    /** A heartbeat whose body is not JSON: an error answer, no registration. */
    private void garbageBody(SplittableRandom random) throws Exception {
        RemotingCommand request =
                RemotingCommand.request(RequestCode.HEART_BEAT).body(HostileFrames.hostileBody(random, 200));
        try (RawConnection connection = RawConnection.open(broker())) {
            RemotingCommand response = connection.call(request, serializeType(random));
            assertThat(response.code()).as("heartbeat with a garbage body").isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(response.remark()).isNotBlank();
            assertStillServes(connection, random);
        }
    }

    private void expectAnswer(RemotingCommand request, int code, String remarkPart, SplittableRandom random)
            throws Exception {
        try (RawConnection connection = RawConnection.open(broker())) {
            RemotingCommand response = connection.call(request, serializeType(random));
            assertThat(response.code())
                    .as("%s answered: %s", RequestCode.name(request.code()), response.remark())
                    .isEqualTo(code);
            assertThat(response.remark()).contains(remarkPart);
            assertStillServes(connection, random);
        }
    }

    private void unknownTopic(SplittableRandom random) throws Exception {
        String topic = "NoSuchTopic" + random.nextInt(100);
        try (RawConnection connection = RawConnection.open(broker())) {
            RemotingCommand response = connection.call(
                    HostileFrames.sendV2(topic, 0, HostileFrames.hostileBody(random, 100)), serializeType(random));
            assertThat(response.code()).as("send to %s", topic).isEqualTo(ResponseCode.TOPIC_NOT_EXIST);
            assertThat(response.remark()).contains(topic);
            assertStillServes(connection, random);
        }
    }

    private void pullMissingField(SplittableRandom random) throws Exception {
        String missing = PULL_REQUIRED.get(random.nextInt(PULL_REQUIRED.size()));
        RemotingCommand request = HostileFrames.pull(TOPIC, random.nextInt(QUEUES), 0, 0, Map.of(missing, ""));
        expectFieldError(request, missing, random);
    }

    private void sendMissingField(SplittableRandom random) throws Exception {
        String missing = SEND_V2_REQUIRED.get(random.nextInt(SEND_V2_REQUIRED.size()));
        RemotingCommand request = HostileFrames.sendV2(TOPIC, 0, HostileFrames.hostileBody(random, 100));
        request.extFields().remove(missing);
        expectFieldError(request, missing, random);
    }

    /** A PULL whose queueId or queueOffset is not a number. */
    private void malformedField(SplittableRandom random) throws Exception {
        String field = random.nextBoolean() ? "queueId" : "queueOffset";
        String value = random.nextBoolean() ? "1.5" : "x" + random.nextInt(1000);
        RemotingCommand request = HostileFrames.pull(TOPIC, 0, 0, 0, Map.of(field, value));
        expectFieldError(request, field, random);
    }

    private void expectFieldError(RemotingCommand request, String field, SplittableRandom random) throws Exception {
        try (RawConnection connection = RawConnection.open(broker())) {
            RemotingCommand response = connection.call(request, serializeType(random));
            assertThat(response.code())
                    .as("%s with a bad %s: %s", RequestCode.name(request.code()), field, response.remark())
                    .isEqualTo(ResponseCode.SYSTEM_ERROR);
            assertThat(response.remark()).as("names the field").contains("<" + field + ">");
            assertStillServes(connection, random);
        }
    }

    /** A valid SEND to the side topic, the connection dropped before the answer. */
    private void closedAfterSend(SplittableRandom random) throws Exception {
        try (RawConnection connection = RawConnection.open(broker())) {
            connection.write(connection.frame(
                    HostileFrames.sendV2(SIDE_TOPIC, 0, HostileFrames.hostileBody(random, 100)),
                    serializeType(random)));
        }
    }

    /**
     * A long-poll PULL held at the end of the idle topic, its connection dropped, then a message
     * that wakes it: the answer goes nowhere and the broker carries on.
     */
    private void closedDuringHeldPull() throws Exception {
        try (RawConnection other = RawConnection.open(broker())) {
            long max = Long.parseLong(other.call(
                            RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                                    .putExt("topic", IDLE_TOPIC)
                                    .putExt("queueId", 0),
                            SerializeType.JSON)
                    .ext("offset"));
            try (RawConnection holder = RawConnection.open(broker())) {
                holder.write(
                        holder.frame(HostileFrames.pull(IDLE_TOPIC, 0, max, 10_000, Map.of()), SerializeType.JSON));
                assertThat(holder.closedByPeerWithoutAnswer(Duration.ofMillis(50)))
                        .as("the pull is held")
                        .isFalse();
            }
            RemotingCommand woken = other.call(
                    HostileFrames.sendV2(IDLE_TOPIC, 0, "wake".getBytes(StandardCharsets.UTF_8)), SerializeType.JSON);
            assertThat(woken.code()).as(woken.remark()).isEqualTo(ResponseCode.SUCCESS);
        }
    }

    /** The connection still carries requests: GET_MAX_OFFSET answers SUCCESS. */
    private static void assertStillServes(RawConnection connection, SplittableRandom random) throws Exception {
        RemotingCommand response = connection.call(
                RemotingCommand.request(RequestCode.GET_MAX_OFFSET)
                        .putExt("topic", TOPIC)
                        .putExt("queueId", random.nextInt(QUEUES)),
                serializeType(random));
        assertThat(response.code()).as("the connection still serves").isEqualTo(ResponseCode.SUCCESS);
    }

    private static SerializeType serializeType(SplittableRandom random) {
        return random.nextBoolean() ? SerializeType.JSON : SerializeType.ROCKETMQ;
    }

    // ---------------------------------------------------------------- checks

    /**
     * Reads the topic from 0 to the end: every acknowledged message at its queue offset with its id
     * and exact body, and nothing but the producers' messages (each body is its sequence number's).
     */
    private void verifyTopic(List<Ack> acks, String when) throws InterruptedException {
        Map<MessageQueue, Map<Long, ReceivedMessage>> stored = new HashMap<>();
        try (MqClient client = newClient("hostile-verify");
                Consumer consumer = client.newConsumer(ConsumerConfig.builder("CG_HOSTILE_VERIFY")
                        .pullSuspend(Duration.ZERO)
                        .build())) {
            List<MessageQueue> queues = consumer.fetchQueues(TOPIC);
            assertThat(queues).hasSize(QUEUES);
            Map<MessageQueue, Long> max = new HashMap<>();
            for (MessageQueue queue : queues) {
                stored.put(queue, new HashMap<>());
                // An append is acknowledged once written; the dispatcher indexes it a moment later
                // (as RocketMQ's reput does), so wait until every acknowledged offset is readable.
                long acknowledgedEnd = acks.stream()
                        .filter(ack -> ack.queue().equals(queue))
                        .mapToLong(ack -> ack.queueOffset() + 1)
                        .max()
                        .orElse(0);
                until(
                        when + ": " + queue + " indexed up to " + acknowledgedEnd,
                        () -> consumer.maxOffset(queue) >= acknowledgedEnd);
                max.put(queue, consumer.maxOffset(queue));
            }
            consumer.assign(queues);
            queues.forEach(queue -> consumer.seek(queue, 0));
            until(when + ": reading " + TOPIC + " back", () -> {
                for (ReceivedMessage message : consumer.poll(Duration.ofMillis(200))) {
                    stored.get(message.queue()).put(message.queueOffset(), message);
                }
                return queues.stream().allMatch(q -> stored.get(q).size() >= max.get(q));
            });
        }
        for (Map<Long, ReceivedMessage> queue : stored.values()) {
            for (ReceivedMessage message : queue.values()) {
                long seq = HostileFrames.seqOf(message.body());
                assertThat(message.body())
                        .as(
                                "%s: %s@%d is a producer's message (seq %d)",
                                when, message.queue(), message.queueOffset(), seq)
                        .isEqualTo(AckingProducers.body(seed, seq));
            }
        }
        for (Ack ack : acks) {
            ReceivedMessage message = stored.get(ack.queue()).get(ack.queueOffset());
            assertThat(message)
                    .as("%s: acknowledged seq %d at %s@%d", when, ack.seq(), ack.queue(), ack.queueOffset())
                    .isNotNull();
            assertThat(message.msgId()).isEqualTo(ack.msgId());
            assertThat(message.body()).isEqualTo(ack.body());
        }
    }

    // ---------------------------------------------------------------- plumbing

    private String broker() {
        return cluster.brokerAddress();
    }

    private MqClient newClient(String instance) {
        ClientConfig clientConfig = ClientConfig.builder(cluster.namesrvAddress())
                .instanceName(instance + "-" + seed)
                .clientIp("127.0.0.1")
                .build();
        return new MqClient(clientConfig, new SystemClock(), new SplittableRandom(seed)).start();
    }

    private static void until(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + WAIT + " waiting for " + what);
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
