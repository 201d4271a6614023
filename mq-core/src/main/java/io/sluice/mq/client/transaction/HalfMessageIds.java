package io.sluice.mq.client.transaction;

import io.sluice.mq.common.Checks;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a commit or abort of a half-message fallback transaction (a stock RocketMQ broker,
 * docs/design/exactly-once-primitives.md §5.1) needs besides the transaction's name: the producer
 * group that owns the half messages (the broker checks it on END_TRANSACTION), the topic holding
 * the commit markers, and one {@link Half} per message. Immutable.
 *
 * @param producerGroup the group the halves were sent as, and that the broker checks back
 * @param markerTopic the topic where commit and abort markers are written
 * @param ids the half messages in send order
 */
public record HalfMessageIds(String producerGroup, String markerTopic, List<Half> ids) implements Serializable {

    private static final long serialVersionUID = 1L;

    /**
     * One half message as END_TRANSACTION names it.
     *
     * @param queueOffset its offset in the broker's half topic ({@code tranStateTableOffset})
     * @param commitLogOffset its commit-log position ({@code commitLogOffset})
     * @param msgId its unique id ({@code UNIQ_KEY}, hex)
     */
    public record Half(long queueOffset, long commitLogOffset, String msgId) implements Serializable {
        private static final long serialVersionUID = 1L;

        public Half {
            Checks.argument(msgId != null && msgId.matches("[0-9A-Fa-f]+"), "msgId '%s' must be hex", msgId);
        }
    }

    public HalfMessageIds {
        Checks.argument(producerGroup != null && !producerGroup.isEmpty(), "producerGroup must not be empty");
        Checks.argument(markerTopic != null && !markerTopic.isEmpty(), "markerTopic must not be empty");
        Checks.argument(
                !producerGroup.contains("|") && !markerTopic.contains("|"),
                "producerGroup and markerTopic must not contain '|'");
        ids = List.copyOf(ids);
    }

    /** {@code queueOffset:commitLogOffset:msgId} per half, joined by {@code ;} (empty for none). */
    public String encodeIds() {
        StringBuilder out = new StringBuilder(ids.size() * 56);
        for (Half half : ids) {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(half.queueOffset())
                    .append(':')
                    .append(half.commitLogOffset())
                    .append(':')
                    .append(half.msgId());
        }
        return out.toString();
    }

    /** Parses {@link #encodeIds()}; throws naming the malformed entry. */
    public static List<Half> parseIds(String text) {
        List<Half> halves = new ArrayList<>();
        if (text.isEmpty()) {
            return halves;
        }
        for (String entry : text.split(";", -1)) {
            String[] parts = entry.split(":", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException(
                        "half message id '" + entry + "' is not queueOffset:logOffset:msgId");
            }
            halves.add(new Half(Long.parseLong(parts[0]), Long.parseLong(parts[1]), parts[2]));
        }
        return halves;
    }
}
