package io.sluice.serde.avro.registry;

import org.apache.avro.Schema;

/** Small schemas for registry and compatibility tests, written inline so each test shows its change. */
final class TestSchemas {

    private TestSchemas() {}

    static Schema parse(String json) {
        return new Schema.Parser().parse(json.replace('\'', '"'));
    }

    /** {@code User{id long, name string}}. */
    static Schema userV1() {
        return parse("{'type':'record','name':'User','namespace':'t','fields':["
                + "{'name':'id','type':'long'},{'name':'name','type':'string'}]}");
    }

    /** v1 plus {@code email string} with a default: fully compatible with v1. */
    static Schema userV2WithDefault() {
        return parse("{'type':'record','name':'User','namespace':'t','fields':["
                + "{'name':'id','type':'long'},{'name':'name','type':'string'},"
                + "{'name':'email','type':'string','default':''}]}");
    }

    /** v1 plus {@code email string} without a default: new readers cannot read v1 data. */
    static Schema userV2NoDefault() {
        return parse("{'type':'record','name':'User','namespace':'t','fields':["
                + "{'name':'id','type':'long'},{'name':'name','type':'string'},"
                + "{'name':'email','type':'string'}]}");
    }

    /** v1 without {@code name} (which had no default): old readers cannot read new data. */
    static Schema userWithoutName() {
        return parse("{'type':'record','name':'User','namespace':'t','fields':[{'name':'id','type':'long'}]}");
    }
}
