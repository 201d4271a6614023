package io.sluice.connector.flink.table;

import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;

/**
 * The checks {@link ScanOptions} and {@link SinkOptions} make on {@code WITH} options, each failing
 * with a {@link ValidationException} whose message names the option key and its value, so a user
 * sees {@code 'sink.send-retries'} rather than a builder field. Stateless.
 */
@Internal
final class OptionChecks {

    private OptionChecks() {}

    /** {@code option}'s value, which {@code side} ("read", "write") needs. */
    static <T> T required(ReadableConfig options, ConfigOption<T> option, String side) {
        return options.getOptional(option)
                .orElseThrow(() ->
                        new ValidationException(String.format("Option '%s' is required to %s", option.key(), side)));
    }

    /** {@code option} is required because {@code because} has the value {@code value}. */
    static <T> T required(ReadableConfig options, ConfigOption<T> option, ConfigOption<?> because, Object value) {
        return options.getOptional(option)
                .orElseThrow(() -> new ValidationException(
                        String.format("Option '%s' is required when '%s' = '%s'", option.key(), because.key(), value)));
    }

    /** Refuses {@code option} when set: it means something only when {@code because} = {@code value}. */
    static void onlyWith(ReadableConfig options, ConfigOption<?> option, ConfigOption<?> because, Object value) {
        if (options.getOptional(option).isPresent()) {
            throw new ValidationException(String.format(
                    "Option '%s' is only used with '%s' = '%s', not '%s'",
                    option.key(), because.key(), value, options.get(because)));
        }
    }

    static void check(boolean ok, ConfigOption<?> option, Object value, String expected) {
        if (!ok) {
            throw invalid(option, value, "expected " + expected);
        }
    }

    static ValidationException invalid(ConfigOption<?> option, Object value, String why) {
        return new ValidationException(
                String.format("Invalid value for option '%s': '%s' (%s)", option.key(), value, why));
    }
}
