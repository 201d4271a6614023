package io.sluice.mq.remoting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.FrameCodec;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.SerializeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A real server and client on loopback: request/response matching, errors, limits and bad input. */
class RemotingServerTest {

    private static final int ECHO = 9001;
    private static final int SLOW = 9002;
    private static final int ONEWAY_SEEN = 9003;
    private static final int ORDERED = 9004;
    private static final int MAX_FRAME = 64 * 1024;
    private static final SystemClock CLOCK = new SystemClock();

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CompletableFuture<RemotingCommand> onewayReceived = new CompletableFuture<>();
    private RemotingServer server;
    private RemotingClient client;
    private String address;

    @BeforeEach
    void start() throws Exception {
        server = new RemotingServer(
                RemotingServerConfig.loopback().withMaxFrameBytes(MAX_FRAME),
                CLOCK,
                Executors.defaultThreadFactory(),
                "test-server");
        RequestExecutor fast =
                track(new RequestExecutor("fast", 2, 1024, 10_000, CLOCK, Executors.defaultThreadFactory()));
        RequestExecutor slow =
                track(new RequestExecutor("slow", 1, 1, 10_000, CLOCK, Executors.defaultThreadFactory()));
        server.registerProcessor(
                ECHO,
                (context, request) -> context.respond(RemotingCommand.success()
                        .putExt("echo", request.ext("value"))
                        .body(request.bodyBytes())),
                fast);
        server.registerProcessor(
                SLOW,
                (context, request) -> {
                    release.await(10, TimeUnit.SECONDS);
                    context.respond(RemotingCommand.success());
                },
                slow);
        server.registerProcessor(
                ONEWAY_SEEN,
                (context, request) -> {
                    onewayReceived.complete(request);
                    context.respond(RemotingCommand.success()); // dropped: the request was oneway
                },
                fast);
        server.start();
        address = "127.0.0.1:" + server.port();
        client = new RemotingClient(
                RemotingClientConfig.defaults(), CLOCK, Executors.defaultThreadFactory(), "test-client");
    }

    private <T extends AutoCloseable> T track(T resource) {
        resources.add(resource);
        return resource;
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        client.close();
        server.close();
        for (AutoCloseable resource : resources) {
            resource.close();
        }
    }

    @Test
    void requestsIssuedWhileTheConnectionOpensArriveInIssueOrder() throws Exception {
        List<Integer> arrived = java.util.Collections.synchronizedList(new ArrayList<>());
        RequestExecutor unused =
                track(new RequestExecutor("ordered", 1, 16, 10_000, CLOCK, Executors.defaultThreadFactory()));
        server.registerProcessor(
                ORDERED,
                new InlineRequestProcessor() {
                    @Override
                    public boolean tryInline(RequestContext context, RemotingCommand request) {
                        arrived.add(Integer.parseInt(request.ext("value")));
                        context.respond(RemotingCommand.success());
                        return true;
                    }

                    @Override
                    public void process(RequestContext context, RemotingCommand request) {
                        throw new IllegalStateException("always answered inline");
                    }
                },
                unused);
        int sequence = 0;
        for (int round = 0; round < 400; round++) {
            // Each round starts on a closed connection, so its burst races the connection opening.
            client.closeConnection(address);
            List<CompletableFuture<RemotingCommand>> responses = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                responses.add(
                        client.invoke(address, RemotingCommand.request(ORDERED).putExt("value", sequence++), 5000));
            }
            for (CompletableFuture<RemotingCommand> response : responses) {
                assertThat(response.get(5, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.SUCCESS);
            }
        }
        assertThat(arrived).hasSize(sequence).isSorted();
    }

    @Test
    void pipelinedRequestsGetTheirOwnResponses() throws Exception {
        List<CompletableFuture<RemotingCommand>> responses = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            responses.add(client.invoke(address, RemotingCommand.request(ECHO).putExt("value", i), 5000));
        }

        for (int i = 0; i < 200; i++) {
            RemotingCommand response = responses.get(i).get(5, TimeUnit.SECONDS);
            assertThat(response.code()).isEqualTo(ResponseCode.SUCCESS);
            assertThat(response.ext("echo")).isEqualTo(String.valueOf(i));
        }
        assertThat(client.pendingRequests()).isZero();
    }

    @Test
    void unknownCodesAreAnsweredNotSupported() throws Exception {
        RemotingCommand response = client.invokeSync(address, RemotingCommand.request(4242), 5000);

        assertThat(response.code()).isEqualTo(ResponseCode.REQUEST_CODE_NOT_SUPPORTED);
        assertThat(response.remark()).isEqualTo(" request type 4242 not supported");
    }

    @Test
    void onewayRequestsAreProcessedButNeverAnswered() throws Exception {
        client.invokeOneway(address, RemotingCommand.request(ONEWAY_SEEN)).get(5, TimeUnit.SECONDS);

        assertThat(onewayReceived.get(5, TimeUnit.SECONDS).isOneway()).isTrue();
        RemotingCommand after =
                client.invokeSync(address, RemotingCommand.request(ECHO).putExt("value", "x"), 5000);
        assertThat(after.ext("echo")).isEqualTo("x"); // no stray response was matched to this request
    }

    @Test
    void aFullQueueIsAnsweredBusyAtOnce() throws Exception {
        CompletableFuture<RemotingCommand> running = client.invoke(address, RemotingCommand.request(SLOW), 10_000);
        CompletableFuture<RemotingCommand> queued = null;
        RemotingCommand busy = null;
        for (int i = 0; i < 5 && busy == null; i++) {
            CompletableFuture<RemotingCommand> next = client.invoke(address, RemotingCommand.request(SLOW), 10_000);
            RemotingCommand response = next.getNow(null);
            if (response == null) {
                response = next.copy()
                        .completeOnTimeout(null, 500, TimeUnit.MILLISECONDS)
                        .get();
            }
            if (response != null && response.code() == ResponseCode.SYSTEM_BUSY) {
                busy = response;
            } else {
                queued = next;
            }
        }

        assertThat(busy).isNotNull();
        assertThat(busy.remark()).startsWith("[OVERLOAD]");
        release.countDown();
        assertThat(running.get(5, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.SUCCESS);
        assertThat(queued).isNotNull();
        assertThat(queued.get(5, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.SUCCESS);
    }

    @Test
    void requestsThatWaitedTooLongAreAnsweredBusy() throws Exception {
        RequestExecutor impatient =
                track(new RequestExecutor("impatient", 1, 8, 50, CLOCK, Executors.defaultThreadFactory()));
        CountDownLatch hold = new CountDownLatch(1);
        server.registerProcessor(
                9010,
                (context, request) -> {
                    hold.await(5, TimeUnit.SECONDS);
                    context.respond(RemotingCommand.success());
                },
                impatient);

        CompletableFuture<RemotingCommand> first = client.invoke(address, RemotingCommand.request(9010), 5000);
        CompletableFuture<RemotingCommand> second = client.invoke(address, RemotingCommand.request(9010), 5000);
        TimeUnit.MILLISECONDS.sleep(200);
        hold.countDown();

        assertThat(first.get(5, TimeUnit.SECONDS).code()).isEqualTo(ResponseCode.SUCCESS);
        RemotingCommand late = second.get(5, TimeUnit.SECONDS);
        assertThat(late.code()).isEqualTo(ResponseCode.SYSTEM_BUSY);
        assertThat(late.remark()).startsWith("[REJECTREQUEST]");
        assertThat(impatient.rejectedCount()).isEqualTo(1);
    }

    @Test
    void aMissingResponseTimesOut() {
        server.registerProcessor(
                9011,
                (context, request) -> {},
                track(new RequestExecutor("silent", 1, 8, 10_000, CLOCK, Executors.defaultThreadFactory())));

        assertThatThrownBy(() -> client.invokeSync(address, RemotingCommand.request(9011), 200))
                .isInstanceOf(RemotingTimeoutException.class)
                .hasMessageContaining("200 ms");
        assertThat(client.pendingRequests()).isZero();
    }

    @Test
    void binaryRequestsAreAnsweredInBinary() throws Exception {
        try (Socket socket = rawSocket()) {
            RemotingCommand request = RemotingCommand.request(ECHO).opaque(77).putExt("value", "bin");
            write(socket, FrameCodec.encode(request, SerializeType.ROCKETMQ));

            RemotingCommand response = readFrame(socket);

            assertThat(response.serializeType()).isEqualTo(SerializeType.ROCKETMQ);
            assertThat(response.opaque()).isEqualTo(77);
            assertThat(response.ext("echo")).isEqualTo("bin");
        }
    }

    @Test
    void oversizedFramesCloseOnlyThatConnection() throws Exception {
        try (Socket socket = rawSocket()) {
            write(socket, ByteBuffer.allocate(8).putInt(MAX_FRAME + 1).putInt(0).flip());

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertServerStillAnswers();
    }

    @Test
    void malformedHeadersCloseTheConnectionAndTheServerStaysUp() throws Exception {
        byte[] badJson = "{\"code\":10,\"extFields\":".getBytes(StandardCharsets.UTF_8);
        try (Socket socket = rawSocket()) {
            write(
                    socket,
                    ByteBuffer.allocate(8 + badJson.length)
                            .putInt(4 + badJson.length)
                            .putInt(badJson.length)
                            .put(badJson)
                            .flip());

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        assertServerStillAnswers();
    }

    @Test
    void connectionsClosedMidFrameOrMidRequestLeaveTheServerServing() throws Exception {
        try (Socket socket = rawSocket()) {
            ByteBuffer frame =
                    FrameCodec.encode(RemotingCommand.request(ECHO).putExt("value", "x"), SerializeType.JSON);
            ByteBuffer half = frame.duplicate().limit(frame.limit() / 2);
            write(socket, half);
        }
        try (Socket socket = rawSocket()) {
            write(socket, FrameCodec.encode(RemotingCommand.request(SLOW), SerializeType.JSON));
        }
        release.countDown();
        assertServerStillAnswers();
    }

    @Test
    void randomBytesNeverTakeTheServerDown() throws Exception {
        Random random = new Random(20261124L);
        for (int round = 0; round < 50; round++) {
            byte[] garbage = new byte[1 + random.nextInt(512)];
            random.nextBytes(garbage);
            if (random.nextBoolean()) {
                ByteBuffer.wrap(garbage).putInt(0, Math.min(garbage.length, 4 + random.nextInt(64)));
            }
            try (Socket socket = rawSocket()) {
                socket.getOutputStream().write(garbage);
                socket.getOutputStream().flush();
            }
        }
        assertServerStillAnswers();
    }

    @Test
    void theClientFailsPendingRequestsWhenTheServerGoesAway() throws Exception {
        CompletableFuture<RemotingCommand> pending = client.invoke(address, RemotingCommand.request(SLOW), 10_000);
        client.invoke(address, RemotingCommand.request(ECHO), 5000).get(5, TimeUnit.SECONDS);

        server.close();

        assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(RemotingConnectException.class);
        assertThatThrownBy(() -> client.invokeSync(address, RemotingCommand.request(ECHO), 1000))
                .isInstanceOf(RemotingConnectException.class)
                .hasMessageContaining(address);
    }

    @Test
    void theServerCanCallProcessorsOnTheClient() throws Exception {
        CompletableFuture<String> notified = new CompletableFuture<>();
        client.registerProcessor(
                40,
                (context, request) -> notified.complete(request.ext("consumerGroup")),
                track(new RequestExecutor("callbacks", 1, 8, 10_000, CLOCK, Executors.defaultThreadFactory())));
        CompletableFuture<RemoteChannel> serverSide = new CompletableFuture<>();
        server.registerProcessor(
                9012,
                (context, request) -> {
                    serverSide.complete(context.channel());
                    context.respond(RemotingCommand.success());
                },
                track(new RequestExecutor("reg", 1, 8, 10_000, CLOCK, Executors.defaultThreadFactory())));
        client.invokeSync(address, RemotingCommand.request(9012), 5000);

        serverSide
                .get(5, TimeUnit.SECONDS)
                .sendOneway(RemotingCommand.request(40).putExt("consumerGroup", "G1"))
                .get(5, TimeUnit.SECONDS);

        assertThat(notified.get(5, TimeUnit.SECONDS)).isEqualTo("G1");
    }

    private void assertServerStillAnswers() throws InterruptedException {
        RemotingCommand response =
                client.invokeSync(address, RemotingCommand.request(ECHO).putExt("value", "ok"), 5000);
        assertThat(response.ext("echo")).isEqualTo("ok");
    }

    private Socket rawSocket() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
        socket.setSoTimeout(5000);
        return socket;
    }

    private static void write(Socket socket, ByteBuffer frame) throws IOException {
        byte[] bytes = new byte[frame.remaining()];
        frame.duplicate().get(bytes);
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    private static RemotingCommand readFrame(Socket socket) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] lengthBytes = in.readNBytes(4);
        int length = ByteBuffer.wrap(lengthBytes).getInt();
        return FrameCodec.decode(ByteBuffer.wrap(in.readNBytes(length)));
    }
}
