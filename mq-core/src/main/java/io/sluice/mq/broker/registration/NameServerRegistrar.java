package io.sluice.mq.broker.registration;

import io.sluice.mq.protocol.RemotingCommand;
import io.sluice.mq.protocol.RequestCode;
import io.sluice.mq.protocol.ResponseCode;
import io.sluice.mq.protocol.body.RegisterBrokerBody;
import io.sluice.mq.protocol.body.TopicConfigTable;
import io.sluice.mq.remoting.RemotingClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the broker known to every nameserver (REMOTING.md 2.2): REGISTER_BROKER with the whole
 * topic table to each of them every {@code registerNameServerPeriod}, soon after a topic changes,
 * and UNREGISTER_BROKER on shutdown. Nameservers are independent, so each is called separately and
 * one that is down only costs a log line. Registrations never block a request thread: they run on
 * the broker's timer or complete asynchronously.
 *
 * <p>Thread-safe.
 */
public final class NameServerRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(NameServerRegistrar.class);

    /**
     * Who registers.
     *
     * @param clusterName {@code clusterName}
     * @param brokerName {@code brokerName}
     * @param brokerAddr {@code brokerAddr}: "ip:port" clients use
     * @param brokerId {@code brokerId}: 0
     */
    public record Identity(String clusterName, String brokerName, String brokerAddr, long brokerId) {}

    private final Identity identity;
    private final List<String> nameServers;
    private final Supplier<TopicConfigTable> topics;
    private final RemotingClient client;
    private final ScheduledExecutorService timer;
    private final long timeoutMillis;
    private final AtomicBoolean requested = new AtomicBoolean();

    /**
     * @param identity the broker
     * @param nameServers "host:port" of every nameserver
     * @param topics the current topic table
     * @param client the connections to the nameservers
     * @param timer runs periodic and requested registrations
     * @param timeout longest wait for one nameserver's answer
     */
    public NameServerRegistrar(
            Identity identity,
            List<String> nameServers,
            Supplier<TopicConfigTable> topics,
            RemotingClient client,
            ScheduledExecutorService timer,
            Duration timeout) {
        this.identity = identity;
        this.nameServers = List.copyOf(nameServers);
        this.topics = topics;
        this.client = client;
        this.timer = timer;
        this.timeoutMillis = timeout.toMillis();
    }

    /** Registers with every nameserver every {@code period}, starting one period from now. */
    public void schedulePeriodic(Duration period) {
        timer.scheduleWithFixedDelay(
                this::registerQuietly, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Asks for a registration soon (after a topic change); requests made meanwhile are merged. */
    public void requestRegistration() {
        if (nameServers.isEmpty() || !requested.compareAndSet(false, true)) {
            return;
        }
        try {
            timer.execute(() -> {
                requested.set(false);
                registerQuietly();
            });
        } catch (RejectedExecutionException e) {
            requested.set(false); // shutting down: the unregistration follows
        }
    }

    private void registerQuietly() {
        try {
            registerAll();
        } catch (RuntimeException e) { // an escaped exception would cancel the periodic task
            LOG.warn("registration with the nameservers failed; retrying next period", e);
        }
    }

    /**
     * Registers with every nameserver now.
     *
     * @return completes when every nameserver answered, failed or timed out; never exceptionally
     */
    public CompletableFuture<Void> registerAll() {
        if (nameServers.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        byte[] body = RegisterBrokerBody.encode(topics.get());
        CRC32 crc = new CRC32();
        crc.update(body);
        int bodyCrc = (int) (crc.getValue() & 0x7FFFFFFF);
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (String nameServer : nameServers) {
            RemotingCommand request = RemotingCommand.request(RequestCode.REGISTER_BROKER)
                    .putExt("brokerName", identity.brokerName())
                    .putExt("brokerAddr", identity.brokerAddr())
                    .putExt("clusterName", identity.clusterName())
                    .putExt("haServerAddr", identity.brokerAddr())
                    .putExt("brokerId", identity.brokerId())
                    .putExt("compressed", false)
                    .putExt("bodyCrc32", bodyCrc)
                    .putExt("enableActingMaster", false)
                    .body(body);
            calls.add(call(nameServer, request, "register with"));
        }
        return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new));
    }

    /** Unregisters from every nameserver, waiting up to the timeout; for shutdown. */
    public void unregisterAll() throws InterruptedException {
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (String nameServer : nameServers) {
            RemotingCommand request = RemotingCommand.request(RequestCode.UNREGISTER_BROKER)
                    .putExt("brokerName", identity.brokerName())
                    .putExt("brokerAddr", identity.brokerAddr())
                    .putExt("clusterName", identity.clusterName())
                    .putExt("brokerId", identity.brokerId());
            calls.add(call(nameServer, request, "unregister from"));
        }
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
                    .get(timeoutMillis + 1000, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("unregistering from the nameservers did not finish: {}", e.toString());
        }
    }

    private CompletableFuture<Void> call(String nameServer, RemotingCommand request, String what) {
        return client.invoke(nameServer, request, timeoutMillis).handle((response, error) -> {
            if (error != null) {
                LOG.warn("could not {} nameserver {}: {}", what, nameServer, error.toString());
            } else if (response.code() != ResponseCode.SUCCESS) {
                LOG.warn(
                        "nameserver {} refused to let broker {} {} it: code {} {}",
                        nameServer,
                        identity.brokerName(),
                        what.split(" ")[0],
                        ResponseCode.name(response.code()),
                        response.remark());
            } else {
                LOG.debug("{} nameserver {} done", what, nameServer);
            }
            return null;
        });
    }
}
