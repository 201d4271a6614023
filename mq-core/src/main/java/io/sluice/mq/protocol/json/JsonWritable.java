package io.sluice.mq.protocol.json;

/** A protocol body that turns itself into the maps and lists {@link JsonWriter} writes. */
public interface JsonWritable {

    /** This value as JSON-ready maps, lists, strings, numbers and booleans. */
    Object toJson();
}
