package io.sluice.mq.client.transaction;

import io.sluice.mq.client.ResponseError;
import io.sluice.mq.client.internal.ResponseErrors;
import io.sluice.mq.client.producer.SendResult;
import io.sluice.mq.common.MessageQueue;
import io.sluice.mq.protocol.ResponseCode;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Function;
import java.util.function.LongFunction;

/**
 * Sequences and retries of the staged sends of one {@link ExactlyOnceProducer} session (design
 * note §4.2): every staged send carries {@code slSeq}, per (producer session, queue) from 0, and
 * every attempt of a send, first or retry, carries the same sequence to the same queue, so the
 * broker stages it at most once and answers a retry with its first answer.
 *
 * <p>Retried (up to the producer config's {@code retries}): timeouts, connection errors and other
 * retriable failures, and 5100 OUT_OF_ORDER_SEQUENCE while an earlier sequence of the same queue is
 * still unanswered (the earlier send is being retried; this one is tried again once it settled).
 * A send that fails for good marks the session {@link #broken()}: its sequence may or may not be
 * staged, so later sends of the queue would meet a gap; the producer starts a new session (INIT,
 * new epoch) at its next {@code begin()}.
 *
 * <p>Thread-safe: a queue's sequences are assigned and their first attempts written under the
 * queue's lock, so they leave in sequence order.
 */
final class StagedSequences {

    /** One queue: the next sequence and the sends not answered yet, by sequence. */
    private static final class QueueSequence {
        long next;
        final ConcurrentSkipListMap<Long, CompletableFuture<SendResult>> unanswered = new ConcurrentSkipListMap<>();
    }

    private final Map<MessageQueue, QueueSequence> queues = new ConcurrentHashMap<>();
    private final int retries;
    private volatile boolean broken;

    StagedSequences(int retries) {
        this.retries = retries;
    }

    /** True once a send failed for good: the next transaction needs a new session. */
    boolean broken() {
        return broken;
    }

    /**
     * Sends with the next sequence of {@code queue}; {@code attempt} sends one attempt carrying the
     * given sequence and completes with its result or fails with the answer's exception.
     */
    CompletableFuture<SendResult> send(MessageQueue queue, LongFunction<CompletableFuture<SendResult>> attempt) {
        QueueSequence sequence = queues.computeIfAbsent(queue, k -> new QueueSequence());
        CompletableFuture<SendResult> result = new CompletableFuture<>();
        long seq;
        CompletableFuture<SendResult> first;
        synchronized (sequence) {
            seq = sequence.next++;
            sequence.unanswered.put(seq, result);
            first = tryAttempt(attempt, seq);
        }
        retrying(sequence, seq, attempt, first, 0).whenComplete((sent, error) -> {
            sequence.unanswered.remove(seq);
            if (error != null) {
                broken = true;
                result.completeExceptionally(ResponseErrors.unwrap(error));
            } else {
                result.complete(sent);
            }
        });
        return result;
    }

    private CompletableFuture<SendResult> retrying(
            QueueSequence sequence,
            long seq,
            LongFunction<CompletableFuture<SendResult>> attempt,
            CompletableFuture<SendResult> current,
            int attempts) {
        return current.handle((sent, error) -> {
                    if (error == null) {
                        return CompletableFuture.completedFuture(sent);
                    }
                    Throwable cause = ResponseErrors.unwrap(error);
                    if (attempts >= retries) {
                        return CompletableFuture.<SendResult>failedFuture(cause);
                    }
                    if (ResponseErrors.isRetriable(cause)) {
                        return retrying(sequence, seq, attempt, tryAttempt(attempt, seq), attempts + 1);
                    }
                    CompletableFuture<?>[] earlier =
                            sequence.unanswered.headMap(seq).values().toArray(new CompletableFuture<?>[0]);
                    if (outOfOrder(cause) && earlier.length > 0) {
                        // Wait until the earlier sends settled (each is bounded by its own retries).
                        return CompletableFuture.allOf(earlier)
                                .handle((ignored, failure) -> seq)
                                .thenCompose(s -> retrying(sequence, s, attempt, tryAttempt(attempt, s), attempts + 1));
                    }
                    return CompletableFuture.<SendResult>failedFuture(cause);
                })
                .thenCompose(Function.identity());
    }

    private static CompletableFuture<SendResult> tryAttempt(
            LongFunction<CompletableFuture<SendResult>> attempt, long seq) {
        try {
            return attempt.apply(seq);
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - encode and route failures complete the future
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean outOfOrder(Throwable cause) {
        return cause instanceof ResponseError response && response.responseCode() == ResponseCode.OUT_OF_ORDER_SEQUENCE;
    }
}
