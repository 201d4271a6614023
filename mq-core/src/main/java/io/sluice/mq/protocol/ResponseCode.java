package io.sluice.mq.protocol;

import java.util.Map;

/**
 * Response codes of the remoting protocol (REMOTING.md 1.9). Numbers are the wire contract. Codes
 * 209 to 211 are avoided on purpose: they mean different things in 4.9.x and 5.x.
 */
public final class ResponseCode {

    public static final int SUCCESS = 0;
    public static final int SYSTEM_ERROR = 1;
    public static final int SYSTEM_BUSY = 2;
    public static final int REQUEST_CODE_NOT_SUPPORTED = 3;
    public static final int TRANSACTION_FAILED = 4;
    public static final int FLUSH_DISK_TIMEOUT = 10;
    public static final int SLAVE_NOT_AVAILABLE = 11;
    public static final int FLUSH_SLAVE_TIMEOUT = 12;
    public static final int MESSAGE_ILLEGAL = 13;
    public static final int SERVICE_NOT_AVAILABLE = 14;
    public static final int VERSION_NOT_SUPPORTED = 15;
    public static final int NO_PERMISSION = 16;
    public static final int TOPIC_NOT_EXIST = 17;
    public static final int TOPIC_EXIST_ALREADY = 18;
    public static final int PULL_NOT_FOUND = 19;
    public static final int PULL_RETRY_IMMEDIATELY = 20;
    public static final int PULL_OFFSET_MOVED = 21;
    public static final int QUERY_NOT_FOUND = 22;
    public static final int SUBSCRIPTION_PARSE_FAILED = 23;
    public static final int SUBSCRIPTION_NOT_EXIST = 24;
    public static final int SUBSCRIPTION_NOT_LATEST = 25;
    public static final int SUBSCRIPTION_GROUP_NOT_EXIST = 26;
    public static final int INVALID_PARAMETER = 29;
    public static final int TRANSACTION_SHOULD_COMMIT = 200;
    public static final int TRANSACTION_SHOULD_ROLLBACK = 201;
    public static final int TRANSACTION_STATE_UNKNOW = 202;
    public static final int CONSUMER_NOT_ONLINE = 206;
    public static final int NO_MESSAGE = 208;
    public static final int FLOW_CONTROL = 215;
    public static final int NOT_LEADER_FOR_QUEUE = 501;
    public static final int ILLEGAL_OPERATION = 604;
    public static final int GO_AWAY = 1500;
    // Sluice's private range (docs/design/exactly-once-primitives.md §2).
    public static final int OUT_OF_ORDER_SEQUENCE = 5100;
    public static final int PRODUCER_FENCED = 5101;
    public static final int TXN_ALREADY_COMMITTED = 5102;
    public static final int TXN_ALREADY_ABORTED = 5103;
    public static final int TXN_UNKNOWN = 5104;
    public static final int TXN_TIMED_OUT = 5105;

    private static final Map<Integer, String> NAMES = RequestCode.namesOf(ResponseCode.class);

    private ResponseCode() {}

    /** The constant name for {@code code}, or {@code "UNKNOWN(<code>)"}. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, "UNKNOWN(" + code + ")");
    }
}
