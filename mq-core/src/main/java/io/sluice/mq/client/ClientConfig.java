package io.sluice.mq.client;

import io.sluice.mq.common.Checks;
import io.sluice.mq.remoting.RemotingClientConfig;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Settings of one {@link MqClient}: where the nameservers are, how the client names itself, and
 * the intervals of its background work. Immutable; build with {@link #builder(List)}.
 *
 * @param namesrvAddresses "ip:port" of each nameserver, tried in order
 * @param instanceName the part after {@code @} in the client id; distinct per client in one JVM
 * @param clientIp the address put in the client id and in unique message keys
 * @param requestTimeout timeout of ordinary requests (route, send, offsets, admin)
 * @param routeRefreshInterval how often known topic routes are fetched again (RocketMQ: 30 s)
 * @param heartbeatInterval how often every known master gets a heartbeat (RocketMQ: 30 s)
 * @param rebalanceInterval how often subscribing consumers rebalance (RocketMQ: 20 s)
 * @param remoting transport settings
 */
public record ClientConfig(
        List<String> namesrvAddresses,
        String instanceName,
        String clientIp,
        Duration requestTimeout,
        Duration routeRefreshInterval,
        Duration heartbeatInterval,
        Duration rebalanceInterval,
        RemotingClientConfig remoting) {

    public ClientConfig {
        namesrvAddresses = List.copyOf(namesrvAddresses);
        Checks.argument(!namesrvAddresses.isEmpty(), "namesrvAddresses must not be empty");
        for (String address : namesrvAddresses) {
            Checks.argument(address.lastIndexOf(':') > 0, "namesrv address must be host:port, was '%s'", address);
        }
        Checks.argument(
                instanceName != null && !instanceName.isBlank() && instanceName.indexOf('@') < 0,
                "instanceName must be non-blank without '@', was '%s'",
                instanceName);
        Checks.notNull(clientIp, "clientIp");
        positive(requestTimeout, "requestTimeout");
        positive(routeRefreshInterval, "routeRefreshInterval");
        positive(heartbeatInterval, "heartbeatInterval");
        positive(rebalanceInterval, "rebalanceInterval");
        Checks.notNull(remoting, "remoting");
    }

    private static void positive(Duration value, String name) {
        Checks.argument(value != null && !value.isNegative() && !value.isZero(), "%s must be > 0, was %s", name, value);
    }

    /** A builder with RocketMQ's defaults for the given nameservers. */
    public static Builder builder(List<String> namesrvAddresses) {
        return new Builder(namesrvAddresses);
    }

    /** A builder for one nameserver address ("ip:port"), or several separated by {@code ;}. */
    public static Builder builder(String namesrvAddresses) {
        return new Builder(List.of(namesrvAddresses.split(";")));
    }

    /** Builds {@link ClientConfig}s. Not thread-safe. */
    public static final class Builder {
        private final List<String> namesrvAddresses;
        private String instanceName = ProcessHandle.current().pid() + "#" + System.nanoTime();
        private String clientIp = localIpv4();
        private Duration requestTimeout = Duration.ofSeconds(3);
        private Duration routeRefreshInterval = Duration.ofSeconds(30);
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private Duration rebalanceInterval = Duration.ofSeconds(20);
        private RemotingClientConfig remoting = RemotingClientConfig.defaults();

        private Builder(List<String> namesrvAddresses) {
            this.namesrvAddresses = namesrvAddresses;
        }

        public Builder instanceName(String value) {
            this.instanceName = value;
            return this;
        }

        public Builder clientIp(String value) {
            this.clientIp = value;
            return this;
        }

        public Builder requestTimeout(Duration value) {
            this.requestTimeout = value;
            return this;
        }

        public Builder routeRefreshInterval(Duration value) {
            this.routeRefreshInterval = value;
            return this;
        }

        public Builder heartbeatInterval(Duration value) {
            this.heartbeatInterval = value;
            return this;
        }

        public Builder rebalanceInterval(Duration value) {
            this.rebalanceInterval = value;
            return this;
        }

        public Builder remoting(RemotingClientConfig value) {
            this.remoting = value;
            return this;
        }

        public ClientConfig build() {
            return new ClientConfig(
                    namesrvAddresses,
                    instanceName,
                    clientIp,
                    requestTimeout,
                    routeRefreshInterval,
                    heartbeatInterval,
                    rebalanceInterval,
                    remoting);
        }
    }

    /** The first site-local or other non-loopback IPv4 address of this host, else 127.0.0.1. */
    static String localIpv4() {
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress()) {
                        return address.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            return "127.0.0.1";
        }
        return "127.0.0.1";
    }
}
