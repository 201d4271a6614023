package io.sluice.mq.protocol;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;

/**
 * Request codes of the remoting protocol (REMOTING.md 2.0). The numbers are the wire contract and
 * never change; names are for logs. Codes of Sluice's own extensions live at {@value
 * #PRIVATE_RANGE_START} and above, so a stock RocketMQ server answers them with {@link
 * ResponseCode#REQUEST_CODE_NOT_SUPPORTED} and our client can fall back.
 */
public final class RequestCode {

    public static final int SEND_MESSAGE = 10;
    public static final int PULL_MESSAGE = 11;
    public static final int QUERY_MESSAGE = 12;
    public static final int QUERY_CONSUMER_OFFSET = 14;
    public static final int UPDATE_CONSUMER_OFFSET = 15;
    public static final int UPDATE_AND_CREATE_TOPIC = 17;
    public static final int GET_ALL_TOPIC_CONFIG = 21;
    public static final int UPDATE_BROKER_CONFIG = 25;
    public static final int GET_BROKER_CONFIG = 26;
    public static final int GET_BROKER_RUNTIME_INFO = 28;
    public static final int UPDATE_AND_CREATE_SUBSCRIPTIONGROUP = 200;
    public static final int GET_ALL_SUBSCRIPTIONGROUP_CONFIG = 201;
    public static final int GET_TOPIC_STATS_INFO = 202;
    public static final int GET_CONSUMER_CONNECTION_LIST = 203;
    public static final int GET_PRODUCER_CONNECTION_LIST = 204;
    public static final int DELETE_SUBSCRIPTIONGROUP = 207;
    public static final int GET_CONSUME_STATS = 208;
    public static final int SEARCH_OFFSET_BY_TIMESTAMP = 29;
    public static final int GET_MAX_OFFSET = 30;
    public static final int GET_MIN_OFFSET = 31;
    public static final int GET_EARLIEST_MSG_STORETIME = 32;
    public static final int VIEW_MESSAGE_BY_ID = 33;
    public static final int HEART_BEAT = 34;
    public static final int UNREGISTER_CLIENT = 35;
    public static final int CONSUMER_SEND_MSG_BACK = 36;
    public static final int END_TRANSACTION = 37;
    public static final int GET_CONSUMER_LIST_BY_GROUP = 38;
    public static final int CHECK_TRANSACTION_STATE = 39;
    public static final int NOTIFY_CONSUMER_IDS_CHANGED = 40;
    public static final int LOCK_BATCH_MQ = 41;
    public static final int UNLOCK_BATCH_MQ = 42;
    public static final int CHECK_CLIENT_CONFIG = 46;
    public static final int REGISTER_BROKER = 103;
    public static final int UNREGISTER_BROKER = 104;
    public static final int GET_ROUTEINFO_BY_TOPIC = 105;
    public static final int GET_BROKER_CLUSTER_INFO = 106;
    public static final int DELETE_TOPIC_IN_BROKER = 215;
    public static final int DELETE_TOPIC_IN_NAMESRV = 216;
    public static final int GET_ALL_TOPIC_LIST_FROM_NAMESERVER = 206;
    public static final int RESET_CONSUMER_CLIENT_OFFSET = 220;
    public static final int GET_CONSUMER_STATUS_FROM_CLIENT = 221;
    public static final int INVOKE_BROKER_TO_RESET_OFFSET = 222;
    public static final int QUERY_TOPIC_CONSUME_BY_WHO = 300;
    public static final int GET_CONSUMER_RUNNING_INFO = 307;
    public static final int CONSUME_MESSAGE_DIRECTLY = 309;
    public static final int SEND_MESSAGE_V2 = 310;
    public static final int SEND_BATCH_MESSAGE = 320;
    public static final int GET_TOPIC_CONFIG = 351;
    public static final int LITE_PULL_MESSAGE = 361;

    /** First code of Sluice's private extensions (ARCHITECTURE.md 2). */
    public static final int PRIVATE_RANGE_START = 5000;

    /** Exactly-once: obtain (producerId, epoch), fencing older epochs (docs/design/exactly-once-primitives.md). */
    public static final int SLUICE_INIT_PRODUCER = 5000;

    /** Exactly-once: seal, commit or abort a transaction handle. */
    public static final int SLUICE_END_TXN = 5001;

    /** Exactly-once: list transactions by transactional-id prefix. */
    public static final int SLUICE_LIST_TXNS = 5002;

    /** The extension features this broker speaks; a stock broker answers 3. */
    public static final int SLUICE_FEATURES = 5003;

    private static final Map<Integer, String> NAMES = namesOf(RequestCode.class);

    private RequestCode() {}

    /** The constant name for {@code code}, or {@code "UNKNOWN(<code>)"}. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, "UNKNOWN(" + code + ")");
    }

    static Map<Integer, String> namesOf(Class<?> table) {
        Map<Integer, String> names = new HashMap<>();
        for (Field field : table.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == int.class) {
                try {
                    names.putIfAbsent(field.getInt(null), field.getName());
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException("public constant not readable: " + field, e);
                }
            }
        }
        return Map.copyOf(names);
    }
}
