package io.sluice.mq.client.producer;

/**
 * How the broker acknowledged a send (REMOTING.md 2.3): stored, or stored with a durability
 * warning (flush or replication did not finish in time).
 */
public enum SendStatus {
    SEND_OK,
    FLUSH_DISK_TIMEOUT,
    FLUSH_SLAVE_TIMEOUT,
    SLAVE_NOT_AVAILABLE
}
