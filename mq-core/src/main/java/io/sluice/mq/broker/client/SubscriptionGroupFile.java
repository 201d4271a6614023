package io.sluice.mq.broker.client;

import io.sluice.mq.protocol.body.SubscriptionGroupConfig;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import io.sluice.mq.store.MetadataFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The durable copy of the groups an administrator configured (UPDATE_AND_CREATE_SUBSCRIPTIONGROUP),
 * so their settings survive a restart as RocketMQ's {@code subscriptionGroup.json} does. Groups
 * auto-created by a heartbeat carry only defaults and are re-created by the next heartbeat, so they
 * are not written: no file write on a client's path.
 *
 * <pre>
 * payload (format version 1, inside a {@link MetadataFile}): UTF-8 JSON
 *   {"groups":[ {SubscriptionGroupConfig JSON}, ... ]}
 * </pre>
 *
 * <p>Thread-safe: writes are serialized on this object.
 */
final class SubscriptionGroupFile {

    private static final short FORMAT_VERSION = 1;

    private final MetadataFile file;

    SubscriptionGroupFile(MetadataFile file) {
        this.file = file;
    }

    /** The groups written last, or none if the file does not exist. */
    List<SubscriptionGroupConfig> read() throws IOException {
        Optional<ByteBuffer> payload = file.read(FORMAT_VERSION);
        List<SubscriptionGroupConfig> groups = new ArrayList<>();
        if (payload.isEmpty()) {
            return groups;
        }
        ByteBuffer bytes = payload.get();
        byte[] json = new byte[bytes.remaining()];
        bytes.get(json);
        try {
            for (Map<String, Object> group :
                    JsonFields.objects(Json.parseObject(new String(json, StandardCharsets.UTF_8)), "groups")) {
                groups.add(SubscriptionGroupConfig.fromJson(group));
            }
        } catch (RuntimeException e) { // CHECKSTYLE.OFF: IllegalCatch - any malformed content names the file
            throw new IOException("subscription group file " + file.path() + " is not valid: " + e.getMessage(), e);
        }
        return groups;
    }

    /**
     * Replaces the file with {@code groups}.
     *
     * @throws UncheckedIOException if it could not be written; the caller's change is then undone
     */
    synchronized void write(Collection<SubscriptionGroupConfig> groups) {
        List<Object> list = new ArrayList<>(groups.size());
        for (SubscriptionGroupConfig group : groups) {
            list.add(group.toJson());
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("groups", list);
        try {
            file.write(FORMAT_VERSION, JsonWriter.write(root).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot persist the subscription groups to " + file.path(), e);
        }
    }
}
