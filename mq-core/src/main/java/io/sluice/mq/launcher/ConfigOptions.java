package io.sluice.mq.launcher;

import io.sluice.mq.broker.BrokerConfig;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The broker-configuration options shared by {@code standalone} and {@code broker}: a
 * {@code broker.conf} properties file plus {@code --set key=value} overrides, validated by {@link
 * BrokerConfig#fromProperties} (unknown keys and bad values are refused, naming the key).
 */
final class ConfigOptions {

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "broker.conf-style properties file (keys as in Apache RocketMQ where they mean the same)")
    Path configFile;

    @Option(
            names = {"--set"},
            paramLabel = "KEY=VALUE",
            description = "override one configuration key; repeatable")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** The merged properties: file first, then overrides, then {@code defaults} for absent keys. */
    BrokerConfig load(Map<String, String> defaults) throws IOException {
        Properties properties = new Properties();
        if (configFile != null) {
            if (!Files.isRegularFile(configFile)) {
                throw new IllegalArgumentException("config file '" + configFile + "' does not exist");
            }
            try (Reader reader = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
        }
        overrides.forEach(properties::setProperty);
        defaults.forEach(properties::putIfAbsent);
        return BrokerConfig.fromProperties(properties);
    }
}
