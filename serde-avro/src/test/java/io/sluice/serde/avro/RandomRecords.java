package io.sluice.serde.avro;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Random Avro schemas (as jqwik arbitraries of a small type tree, so failures shrink to a small
 * schema) and random generic records for a schema (from a seeded {@link Random}).
 */
final class RandomRecords {

    /** A type tree; {@link #toSchema} gives each named type a unique name. */
    sealed interface TypeSpec permits Prim, Arr, MapOf, Optional, Rec, EnumOf, FixedOf {}

    record Prim(Schema.Type type) implements TypeSpec {}

    record Arr(TypeSpec items) implements TypeSpec {}

    record MapOf(TypeSpec values) implements TypeSpec {}

    /** {@code ["null", inner]}. */
    record Optional(TypeSpec inner) implements TypeSpec {}

    record Rec(List<TypeSpec> fields) implements TypeSpec {}

    record EnumOf(int symbols) implements TypeSpec {}

    record FixedOf(int size) implements TypeSpec {}

    private RandomRecords() {}

    /** Field lists of a top-level record, nested up to {@code depth} levels. */
    static Arbitrary<List<TypeSpec>> recordFields(int depth) {
        return type(depth).list().ofMinSize(1).ofMaxSize(8);
    }

    private static Arbitrary<TypeSpec> type(int depth) {
        Arbitrary<TypeSpec> primitive = Arbitraries.of(
                        Schema.Type.NULL,
                        Schema.Type.BOOLEAN,
                        Schema.Type.INT,
                        Schema.Type.LONG,
                        Schema.Type.FLOAT,
                        Schema.Type.DOUBLE,
                        Schema.Type.STRING,
                        Schema.Type.BYTES)
                .map(Prim::new);
        Arbitrary<TypeSpec> leaf = Arbitraries.frequencyOf(
                Tuple.of(8, primitive),
                Tuple.of(1, Arbitraries.integers().between(1, 5).map(EnumOf::new)),
                Tuple.of(1, Arbitraries.integers().between(0, 12).map(FixedOf::new)));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<TypeSpec> inner = type(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(8, leaf),
                Tuple.of(1, inner.map(Arr::new)),
                Tuple.of(1, inner.map(MapOf::new)),
                Tuple.of(
                        1,
                        inner.filter(t -> !(t instanceof Optional)
                                        && !(t instanceof Prim p && p.type() == Schema.Type.NULL))
                                .map(Optional::new)),
                Tuple.of(1, inner.list().ofMinSize(1).ofMaxSize(4).map(Rec::new)));
    }

    /** The schema of a top-level record named {@code Root} with {@code fields}. */
    static Schema toSchema(List<TypeSpec> fields) {
        return new SchemaBuilder().record(fields);
    }

    /** A random record of {@code schema}. */
    static GenericRecord record(Schema schema, Random random) {
        return (GenericRecord) value(schema, random);
    }

    private static Object value(Schema schema, Random random) {
        switch (schema.getType()) {
            case NULL:
                return null;
            case BOOLEAN:
                return random.nextBoolean();
            case INT:
                return random.nextInt(4) == 0 ? random.nextInt(100) - 50 : random.nextInt();
            case LONG:
                return random.nextInt(4) == 0 ? (long) random.nextInt(100) : random.nextLong();
            case FLOAT:
                return random.nextInt(8) == 0 ? Float.NaN : random.nextFloat() * 1e6f - 5e5f;
            case DOUBLE:
                return random.nextInt(8) == 0 ? Double.NEGATIVE_INFINITY : random.nextGaussian() * 1e9;
            case STRING:
                return string(random);
            case BYTES:
                return ByteBuffer.wrap(bytes(random, random.nextInt(20)));
            case ENUM:
                return new GenericData.EnumSymbol(
                        schema,
                        schema.getEnumSymbols()
                                .get(random.nextInt(schema.getEnumSymbols().size())));
            case FIXED:
                return new GenericData.Fixed(schema, bytes(random, schema.getFixedSize()));
            case ARRAY:
                List<Object> items = new ArrayList<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    items.add(value(schema.getElementType(), random));
                }
                return new GenericData.Array<>(schema, items);
            case MAP:
                Map<String, Object> map = new HashMap<>();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.put(string(random), value(schema.getValueType(), random));
                }
                return map;
            case UNION:
                return random.nextBoolean() ? null : value(schema.getTypes().get(1), random);
            case RECORD:
                GenericData.Record record = new GenericData.Record(schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), value(field.schema(), random));
                }
                return record;
            default:
                throw new IllegalArgumentException("not generated: " + schema);
        }
    }

    private static String string(Random random) {
        StringBuilder sb = new StringBuilder();
        for (int i = random.nextInt(12); i > 0; i--) {
            int kind = random.nextInt(4);
            if (kind == 0) {
                sb.appendCodePoint(0x1F300 + random.nextInt(200)); // outside the BMP: a surrogate pair
            } else if (kind == 1) {
                sb.append((char) (0xA0 + random.nextInt(0x700)));
            } else {
                sb.append((char) (' ' + random.nextInt(95)));
            }
        }
        return sb.toString();
    }

    private static byte[] bytes(Random random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Builds schemas, numbering named types so names never clash. Not thread-safe. */
    private static final class SchemaBuilder {
        private int next;

        Schema record(List<TypeSpec> fields) {
            return record("Root", fields);
        }

        private Schema record(String name, List<TypeSpec> fields) {
            List<Schema.Field> out = new ArrayList<>();
            for (int i = 0; i < fields.size(); i++) {
                out.add(new Schema.Field("f" + i, schema(fields.get(i))));
            }
            return Schema.createRecord(name, null, "gen", false, out);
        }

        private Schema schema(TypeSpec spec) {
            if (spec instanceof Prim p) {
                return Schema.create(p.type());
            } else if (spec instanceof Arr a) {
                return Schema.createArray(schema(a.items()));
            } else if (spec instanceof MapOf m) {
                return Schema.createMap(schema(m.values()));
            } else if (spec instanceof Optional o) {
                return Schema.createUnion(Schema.create(Schema.Type.NULL), schema(o.inner()));
            } else if (spec instanceof Rec r) {
                return record("R" + next++, r.fields());
            } else if (spec instanceof EnumOf e) {
                List<String> symbols = new ArrayList<>();
                for (int i = 0; i < e.symbols(); i++) {
                    symbols.add("S" + i);
                }
                return Schema.createEnum("E" + next++, null, "gen", symbols);
            } else {
                return Schema.createFixed("F" + next++, null, "gen", ((FixedOf) spec).size());
            }
        }
    }
}
