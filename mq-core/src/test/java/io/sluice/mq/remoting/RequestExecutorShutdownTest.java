package io.sluice.mq.remoting;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broker closes its request pools before its network during a graceful shutdown. Requests that
 * arrive in between must be told the service is going away (SERVICE_NOT_AVAILABLE, which clients
 * retry elsewhere), not that the broker is overloaded ("[OVERLOAD] ... queue full"), which sends
 * operators looking for a load problem. Seen in the logs of BrokerRestartSessionIT.
 */
class RequestExecutorShutdownTest {

    private static final int CODE = 9020;
    private static final SystemClock CLOCK = new SystemClock();

    private RemotingServer server;
    private RemotingClient client;
    private RequestExecutor pool;

    @BeforeEach
    void start() throws Exception {
        server = new RemotingServer(
                RemotingServerConfig.loopback(), CLOCK, Executors.defaultThreadFactory(), "shutdown-server");
        pool = new RequestExecutor("mq-test-pool", 1, 8, 10_000, CLOCK, Executors.defaultThreadFactory());
        server.registerProcessor(CODE, (context, request) -> context.respond(RemotingCommand.success()), pool);
        server.start();
        client = new RemotingClient(
                RemotingClientConfig.defaults(), CLOCK, Executors.defaultThreadFactory(), "shutdown-client");
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
        pool.close();
    }

    @Test
    void requestsReachingAClosedPoolAreAnsweredServiceNotAvailable() throws Exception {
        String address = "127.0.0.1:" + server.port();
        assertThat(client.invokeSync(address, RemotingCommand.request(CODE), 5000)
                        .code())
                .isEqualTo(ResponseCode.SUCCESS);

        pool.close();
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(CODE), 5000);

        assertThat(response.code()).isEqualTo(ResponseCode.SERVICE_NOT_AVAILABLE);
        assertThat(response.remark()).contains("mq-test-pool", "shut down").doesNotContain("OVERLOAD");
        assertThat(pool.rejectedCount()).isZero();
    }
}
