package io.sluice.mq.store.log;

import io.sluice.mq.common.HostAddress;
import io.sluice.mq.store.MessageDraft;

/**
 * A {@link MessageDraft} validated and partly encoded by {@link RecordCodec#prepare} on the
 * caller's thread: everything but the queue offset, log position, store timestamp and record CRC.
 * Immutable; the arrays are owned by this object.
 *
 * @param draft the message as sent
 * @param sysFlag the system flag with the host bits set
 * @param bodyCrc CRC32 of the body masked to 31 bits
 * @param topic the topic's UTF-8 bytes
 * @param properties the properties' UTF-8 bytes up to, not including, the ten CRC digits
 * @param storeHost the broker address written into the record
 * @param size the encoded record size in bytes
 */
public record PreparedRecord(
        MessageDraft draft,
        int sysFlag,
        int bodyCrc,
        byte[] topic,
        byte[] properties,
        HostAddress storeHost,
        int size) {}
