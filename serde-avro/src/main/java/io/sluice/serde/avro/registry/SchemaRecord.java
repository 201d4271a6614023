package io.sluice.serde.avro.registry;

import io.sluice.mq.client.consumer.ReceivedMessage;
import io.sluice.mq.client.producer.Message;
import io.sluice.mq.protocol.ProtocolException;
import io.sluice.mq.protocol.json.Json;
import io.sluice.mq.protocol.json.JsonFields;
import io.sluice.mq.protocol.json.JsonWriter;
import io.sluice.serde.avro.format.SchemaRef;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * One registered schema version as a message of the schema topic: body {@code
 * {"subject":..,"version":..,"id":..,"fingerprint":"<hex>","schema":"<schema JSON>"}}, tag {@code
 * schema}, key = subject. The fingerprint is checked against the parsed schema on read. Thread-safe
 * (stateless).
 */
final class SchemaRecord {

    static final String TAG = "schema";
    private static final Pattern SUBJECT = Pattern.compile("[A-Za-z0-9_%|.-]{1,200}");

    private SchemaRecord() {}

    static void checkSubject(String subject) {
        if (subject == null || !SUBJECT.matcher(subject).matches()) {
            throw new IllegalArgumentException(
                    "subject must be 1-200 characters of letters, digits and _%|.-, was '" + subject + "'");
        }
    }

    static Message toMessage(String topic, RegisteredSchema registered) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("subject", registered.subject());
        json.put("version", registered.version());
        json.put("id", registered.id());
        json.put("fingerprint", SchemaRef.fingerprint(registered.fingerprint()).propertyValue());
        json.put("schema", registered.schema().toString());
        return Message.builder(topic)
                .tags(TAG)
                .keys(registered.subject())
                .body(JsonWriter.write(json).getBytes(StandardCharsets.UTF_8))
                .build();
    }

    static RegisteredSchema fromMessage(ReceivedMessage message) {
        try {
            Map<String, Object> json = Json.parseObject(new String(message.body(), StandardCharsets.UTF_8));
            Schema schema = new Schema.Parser().parse(JsonFields.requireString(json, "schema"));
            long fingerprint = SchemaRef.fingerprintOf(schema);
            String written = JsonFields.string(json, "fingerprint", null);
            if (written != null
                    && !written.equals(SchemaRef.fingerprint(fingerprint).propertyValue())) {
                throw new SchemaRegistryException("fingerprint " + written + " does not match the schema ("
                        + SchemaRef.fingerprint(fingerprint).propertyValue() + ")");
            }
            return new RegisteredSchema(
                    JsonFields.requireString(json, "subject"),
                    JsonFields.intValue(json, "version", 0),
                    JsonFields.intValue(json, "id", 0),
                    fingerprint,
                    schema);
        } catch (ProtocolException | SchemaParseException | IllegalArgumentException e) {
            throw new SchemaRegistryException("bad schema record: " + e.getMessage(), e);
        }
    }
}
