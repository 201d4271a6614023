package io.sluice.mq.client;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.remoting.RemotingServer;
import io.sluice.mq.remoting.RemotingServerConfig;
import io.sluice.mq.remoting.RequestExecutor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A hand-written fake nameserver or broker on loopback: answers each request code with a
 * function of the request and records every request it got. Thread-safe.
 */
public final class FakePeer implements AutoCloseable {

    private final RemotingServer server;
    private final RequestExecutor executor;
    private final Map<Integer, Function<RemotingCommand, RemotingCommand>> handlers = new ConcurrentHashMap<>();
    public final List<RemotingCommand> received = new CopyOnWriteArrayList<>();

    public FakePeer(String name) throws InterruptedException {
        SystemClock clock = new SystemClock();
        this.server =
                new RemotingServer(RemotingServerConfig.loopback(), clock, Executors.defaultThreadFactory(), name);
        this.executor = new RequestExecutor(name + "-exec", 2, 256, 10_000, clock, Executors.defaultThreadFactory());
        for (int code : new int[] {34, 35, 105, 310, 320}) {
            server.registerProcessor(
                    code,
                    (context, request) -> {
                        received.add(request);
                        Function<RemotingCommand, RemotingCommand> handler = handlers.get(request.code());
                        context.respond(handler == null ? RemotingCommand.success() : handler.apply(request));
                    },
                    executor);
        }
        server.start();
    }

    public void on(int code, Function<RemotingCommand, RemotingCommand> handler) {
        handlers.put(code, handler);
    }

    public String address() {
        return "127.0.0.1:" + server.port();
    }

    public long count(int code) {
        return received.stream().filter(r -> r.code() == code).count();
    }

    @Override
    public void close() {
        server.close();
        executor.close();
    }
}
