package io.sluice.mq.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One key of a properties-file configuration (such as {@code broker.conf}): its name, its default
 * as text, a one-line description, and how its text value is parsed into a builder of type {@code
 * B}. A component declares all its keys in one table and parses files through {@link
 * #applyAll}, so every key is typed, documented and validated in one place (STYLE.md 2.8).
 *
 * <p>Parsing checks the type only ("not an int"); ranges and cross-key rules are checked by the
 * builder's {@code build()}, whose messages name the key and the value too. Immutable.
 *
 * @param name the key as written in the file
 * @param defaultValue the default, as text, for documentation
 * @param doc what the key means, with its unit
 * @param setter parses the text and sets it on a builder; throws {@link IllegalArgumentException}
 *     with the reason when the text is not of the key's type
 * @param <B> the builder the key sets
 */
public record ConfigKey<B>(String name, String defaultValue, String doc, BiConsumer<B, String> setter) {

    public ConfigKey {
        Checks.argument(name != null && !name.isBlank(), "config key needs a name");
        Checks.argument(doc != null && !doc.isBlank(), "config key %s needs a doc", name);
        Checks.notNull(setter, "setter");
    }

    /** A key holding free text (trimmed). */
    public static <B> ConfigKey<B> text(String name, String defaultValue, String doc, BiConsumer<B, String> set) {
        return new ConfigKey<>(name, defaultValue, doc, set);
    }

    /** A key holding a decimal int. */
    public static <B> ConfigKey<B> integer(String name, long defaultValue, String doc, IntSetter<B> set) {
        return new ConfigKey<>(name, Long.toString(defaultValue), doc, (builder, text) -> {
            try {
                set.set(builder, Integer.parseInt(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an int", e);
            }
        });
    }

    /** A key holding a decimal long. */
    public static <B> ConfigKey<B> longValue(String name, long defaultValue, String doc, LongSetter<B> set) {
        return new ConfigKey<>(name, Long.toString(defaultValue), doc, (builder, text) -> {
            try {
                set.set(builder, Long.parseLong(text));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a long", e);
            }
        });
    }

    /** A key holding {@code true} or {@code false} (nothing else, so typos are caught). */
    public static <B> ConfigKey<B> bool(String name, boolean defaultValue, String doc, BooleanSetter<B> set) {
        return new ConfigKey<>(name, Boolean.toString(defaultValue), doc, (builder, text) -> {
            if (!text.equals("true") && !text.equals("false")) {
                throw new IllegalArgumentException("not true or false");
            }
            set.set(builder, Boolean.parseBoolean(text));
        });
    }

    /** A key holding one constant of {@code type}, by name. */
    public static <B, E extends Enum<E>> ConfigKey<B> enumValue(
            String name, E defaultValue, String doc, Class<E> type, BiConsumer<B, E> set) {
        return new ConfigKey<>(name, defaultValue.name(), doc, (builder, text) -> {
            try {
                set.accept(builder, Enum.valueOf(type, text));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("not one of " + List.of(type.getEnumConstants()), e);
            }
        });
    }

    /**
     * Parses every entry of {@code properties} into {@code builder} through {@code keys}.
     *
     * @throws IllegalArgumentException naming the key and the value, for an unknown key or a value
     *     of the wrong type
     */
    public static <B> void applyAll(List<ConfigKey<B>> keys, Map<String, String> properties, B builder, String file) {
        Map<String, ConfigKey<B>> byName = new LinkedHashMap<>();
        for (ConfigKey<B> key : keys) {
            byName.put(key.name(), key);
        }
        for (Map.Entry<String, String> entry : properties.entrySet()) {
            String name = entry.getKey().trim();
            String value = entry.getValue() == null ? "" : entry.getValue().trim();
            ConfigKey<B> key = byName.get(name);
            if (key == null) {
                throw new IllegalArgumentException("unknown key '" + name + "' (value '" + value + "') in " + file
                        + "; known keys: " + byName.keySet());
            }
            try {
                key.setter().accept(builder, value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(
                        "invalid value '" + value + "' for key '" + name + "' in " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Sets an int on a builder. */
    @FunctionalInterface
    public interface IntSetter<B> {
        void set(B builder, int value);
    }

    /** Sets a long on a builder. */
    @FunctionalInterface
    public interface LongSetter<B> {
        void set(B builder, long value);
    }

    /** Sets a boolean on a builder. */
    @FunctionalInterface
    public interface BooleanSetter<B> {
        void set(B builder, boolean value);
    }
}
