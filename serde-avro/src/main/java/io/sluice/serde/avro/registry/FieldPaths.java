package io.sluice.serde.avro.registry;

import org.apache.avro.Schema;

/**
 * Turns the location of an Avro {@code SchemaCompatibility.Incompatibility} (a JSON-pointer-like
 * path such as {@code /fields/1/type/fields/0}, with field positions of the reader schema) into a
 * path of field names such as {@code Order.customer.id}.
 *
 * <p>Arrays show as {@code []}, maps as {@code {}}, and a branch of the writer's union as {@code
 * <writer branch N>}. Tokens that do not fit the reader schema are appended verbatim, so a surprise
 * in Avro's output degrades the path but never hides it.
 *
 * <p>Stateless and thread-safe.
 */
final class FieldPaths {

    private FieldPaths() {}

    /** The field-name path of {@code location} within {@code reader}. */
    static String of(Schema reader, String location) {
        StringBuilder path = new StringBuilder(rootName(reader));
        String[] tokens = location.split("/");
        Schema current = reader;
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.equals("fields") && i + 1 < tokens.length && isRecord(current)) {
                Schema.Field field = fieldAt(current, tokens[i + 1]);
                if (field == null) {
                    return path.append(" at ").append(location).toString();
                }
                path.append('.').append(field.name());
                current = field.schema();
                i++;
            } else if (token.equals("items") && current.getType() == Schema.Type.ARRAY) {
                path.append("[]");
                current = current.getElementType();
            } else if (token.equals("values") && current.getType() == Schema.Type.MAP) {
                path.append("{}");
                current = current.getValueType();
            } else if (isNumber(token)) {
                // Avro pushes the index of the writer's union branch; the reader schema stays put.
                path.append("<writer branch ").append(token).append('>');
            } else if (!token.equals("type")) {
                path.append(" (").append(token).append(')');
            }
        }
        return path.toString();
    }

    private static String rootName(Schema schema) {
        return isRecord(schema) ? schema.getName() : schema.getType().getName();
    }

    private static boolean isRecord(Schema schema) {
        return schema.getType() == Schema.Type.RECORD;
    }

    private static Schema.Field fieldAt(Schema record, String token) {
        if (!isNumber(token)) {
            return null;
        }
        int pos = Integer.parseInt(token);
        return pos < record.getFields().size() ? record.getFields().get(pos) : null;
    }

    private static boolean isNumber(String token) {
        if (token.isEmpty() || token.length() > 9) {
            return false;
        }
        for (int i = 0; i < token.length(); i++) {
            if (!Character.isDigit(token.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
