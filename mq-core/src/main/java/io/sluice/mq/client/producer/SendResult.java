package io.sluice.mq.client.producer;

import io.sluice.mq.common.MessageQueue;

/**
 * The broker's acknowledgement of a send. For a batch, ids are comma-joined in message order and
 * {@code queueOffset} is the first message's offset (the others follow densely). Immutable and
 * thread-safe.
 *
 * @param status how the broker acknowledged
 * @param msgId the client-generated unique id ({@code UNIQ_KEY})
 * @param offsetMsgId the broker's offset message id (store host and log position)
 * @param queue the queue the message went to
 * @param queueOffset the message's offset in that queue
 */
public record SendResult(SendStatus status, String msgId, String offsetMsgId, MessageQueue queue, long queueOffset) {}
