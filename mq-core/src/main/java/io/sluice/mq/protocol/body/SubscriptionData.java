package io.sluice.mq.protocol.body;

import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWritable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One topic subscription of a consumer group, as heartbeats carry it (REMOTING.md 2.6). For TAG
 * expressions {@code tags} holds the tags and {@code codes} their Java string hash codes; "*" means
 * every message and leaves both empty. Immutable.
 *
 * @param topic the topic
 * @param expression the subscription string, e.g. {@code *} or {@code TagA || TagB}
 * @param expressionType TAG or SQL92
 * @param tags the tags of a TAG expression
 * @param codes hash codes of {@code tags}
 * @param subVersion the client's version stamp of this subscription
 */
public record SubscriptionData(
        String topic, String expression, String expressionType, Set<String> tags, Set<Integer> codes, long subVersion)
        implements JsonWritable {

    /** Expression matching every message. */
    public static final String SUBSCRIBE_ALL = "*";
    /** Expression type of tag filters. */
    public static final String TAG = "TAG";
    /** Expression type of SQL92 property filters. */
    public static final String SQL92 = "SQL92";

    public SubscriptionData {
        tags = Set.copyOf(tags);
        codes = Set.copyOf(codes);
        expressionType = expressionType == null ? TAG : expressionType;
    }

    /**
     * A TAG subscription parsed the way RocketMQ does: tags split on {@code ||}, trimmed, empty ones
     * dropped; null, empty or {@code *} means all.
     */
    public static SubscriptionData ofTags(String topic, String expression, long subVersion) {
        String normalized = expression == null || expression.isBlank() ? SUBSCRIBE_ALL : expression.trim();
        Set<String> tags = new LinkedHashSet<>();
        Set<Integer> codes = new LinkedHashSet<>();
        if (!SUBSCRIBE_ALL.equals(normalized)) {
            for (String tag : normalized.split("\\|\\|")) {
                String trimmed = tag.trim();
                if (!trimmed.isEmpty()) {
                    tags.add(trimmed);
                    codes.add(trimmed.hashCode());
                }
            }
        }
        return new SubscriptionData(topic, normalized, TAG, tags, codes, subVersion);
    }

    /** An SQL92 property-filter subscription; the broker compiles and evaluates {@code expression}. */
    public static SubscriptionData ofSql(String topic, String expression, long subVersion) {
        return new SubscriptionData(topic, expression, SQL92, Set.of(), Set.of(), subVersion);
    }

    /** Whether this subscription takes every message of the topic. */
    public boolean matchesAll() {
        return TAG.equals(expressionType) && (SUBSCRIBE_ALL.equals(expression) || tags.isEmpty());
    }

    /** Parses the JSON object. */
    public static SubscriptionData fromJson(Map<String, Object> json) {
        Set<String> tags = new LinkedHashSet<>(JsonFields.strings(json, "tagsSet"));
        Set<Integer> codes = new LinkedHashSet<>();
        for (String code : JsonFields.strings(json, "codeSet")) {
            codes.add(Integer.parseInt(code));
        }
        return new SubscriptionData(
                JsonFields.requireString(json, "topic"),
                JsonFields.string(json, "subString", SUBSCRIBE_ALL),
                JsonFields.string(json, "expressionType", TAG),
                tags,
                codes,
                JsonFields.longValue(json, "subVersion", 0));
    }

    @Override
    public Object toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("classFilterMode", false);
        json.put("codeSet", new ArrayList<>(codes));
        json.put("expressionType", expressionType);
        json.put("subString", expression);
        json.put("subVersion", subVersion);
        json.put("tagsSet", new ArrayList<>(tags));
        json.put("topic", topic);
        return json;
    }

    /** Subscriptions of a list of JSON objects. */
    static List<SubscriptionData> listFromJson(List<Map<String, Object>> json) {
        List<SubscriptionData> result = new ArrayList<>();
        for (Map<String, Object> element : json) {
            result.add(fromJson(element));
        }
        return result;
    }
}
