package io.sluice.mq.broker.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.BusyException;
import io.sluice.mq.common.DiskFullException;
import io.sluice.mq.common.RecordTooLargeException;
import io.sluice.mq.common.StoreFailedException;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class SendFailuresTest {

    private static RemotingCommand answer(Throwable error) {
        return SendFailures.response("T", new CompletionException(error));
    }

    @Test
    void storeFailuresMapToCodesClientsActOn() {
        RemotingCommand full = answer(new DiskFullException("/data", 0.95, 0.90));
        assertThat(full.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(full.remark()).contains("/data").contains("95.0%");

        RemotingCommand busy = answer(new BusyException("store append queue is full"));
        assertThat(busy.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(busy.remark()).contains("append queue is full");

        RemotingCommand large = answer(new RecordTooLargeException("message body", 5000, 4096));
        assertThat(large.code()).isEqualTo(ResponseCode.MESSAGE_ILLEGAL);
        assertThat(large.remark()).contains("5000").contains("4096");

        RemotingCommand stopped = answer(new StoreFailedException("store stopped", new IOException("EIO")));
        assertThat(stopped.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);

        RemotingCommand closed = answer(new IllegalStateException("store is closed"));
        assertThat(closed.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);

        assertThat(answer(new UnsupportedOperationException("bug")).code()).isEqualTo(ResponseCode.SYSTEM_ERROR);
    }

    @Test
    void appendedPropertiesKeepTheProducersSeparatorStyle() {
        assertThat(DraftFactory.append("", "K", "v")).isEqualTo("K\u0001v");
        assertThat(DraftFactory.append("A\u00011", "K", "v")).isEqualTo("A\u00011\u0002K\u0001v");
        assertThat(DraftFactory.append("A\u00011\u0002", "K", "v")).isEqualTo("A\u00011\u0002K\u0001v\u0002");
    }
}
