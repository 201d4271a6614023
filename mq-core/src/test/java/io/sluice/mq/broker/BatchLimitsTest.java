package io.sluice.mq.broker;

import static io.sluice.mq.broker.TestCluster.sendV2;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.message.BatchCodec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Size limits of SEND_BATCH_MESSAGE: {@code maxMessageSize} (64 KiB here) bounds the whole batch,
 * as in RocketMQ; a refused batch is answered 13 naming the limit and both sizes, and stores
 * nothing.
 */
class BatchLimitsTest {

    private static final int LIMIT = 64 * 1024;

    @TempDir
    Path dir;

    private TestCluster cluster;

    @BeforeEach
    void start() throws Exception {
        cluster = TestCluster.start(
                TestCluster.config(dir).maxMessageSizeBytes(LIMIT).build());
        cluster.toBroker(TestCluster.createTopic("Batches", 1));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private static RemotingCommand batch(int messages, int bodyBytes) {
        List<BatchCodec.Entry> entries = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            entries.add(new BatchCodec.Entry(0, "x".repeat(bodyBytes).getBytes(StandardCharsets.UTF_8), ""));
        }
        RemotingCommand request = RemotingCommand.request(RequestCode.SEND_BATCH_MESSAGE);
        sendV2("Batches", 0, "", "").extFields().forEach(request::putExt);
        return request.putExt("m", true).body(BatchCodec.encode(entries));
    }

    @Test
    void aBatchOverMaxMessageSizeIsRefusedWholeNamingTheLimitAndTheSize() throws Exception {
        RemotingCommand request = batch(3, 30 * 1024);
        int size = request.bodyLength();

        RemotingCommand response = cluster.toBroker(request);

        assertThat(response.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(response.remark())
                .contains("Batches")
                .contains("maxMessageSize")
                .contains("whole batch")
                .contains(Integer.toString(size))
                .contains(Integer.toString(LIMIT));
        assertThat(cluster.maxOffset("Batches", 0))
                .as("nothing of the batch stored")
                .isZero();
    }

    @Test
    void aBatchJustUnderTheLimitIsStoredWithConsecutiveOffsets() throws Exception {
        RemotingCommand response = cluster.send(batch(2, 30 * 1024));

        assertThat(response.code()).as(response.remark()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(response.ext("msgId").split(",")).hasSize(2);
        assertThat(cluster.maxOffset("Batches", 0)).isEqualTo(2);
    }
}
