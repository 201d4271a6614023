package io.sluice.mq.broker.client;

import io.sluice.mq.protocol.LanguageCode;
import io.sluice.mq.remoting.RemoteChannel;

/**
 * One client connection as the registry knows it from its heartbeats. Immutable.
 *
 * @param channel the connection
 * @param clientId the client's id ({@code ip@instance[@unit][@STREAM]})
 * @param language the client's language, from its request header
 * @param version the client's remoting version, from its request header
 * @param lastHeartbeatNanos {@link io.sluice.mq.common.Clock#nanoTime()} of its last heartbeat
 */
public record ClientChannel(
        RemoteChannel channel, String clientId, LanguageCode language, int version, long lastHeartbeatNanos) {}
