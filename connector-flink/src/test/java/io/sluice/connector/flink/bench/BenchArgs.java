package io.sluice.connector.flink.bench;

import java.util.HashMap;
import java.util.Map;

/** The {@code key=value} arguments of a bench tool: only known keys, each overriding its default. */
final class BenchArgs {

    private BenchArgs() {}

    /**
     * {@code defaults} with every argument applied.
     *
     * @throws IllegalArgumentException naming an argument that is not {@code key=value} of a known key
     */
    static Map<String, String> parse(Map<String, String> defaults, String... args) {
        Map<String, String> opts = new HashMap<>(defaults);
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2 || !opts.containsKey(kv[0])) {
                throw new IllegalArgumentException(
                        "unknown argument '" + arg + "', expected key=value of " + opts.keySet());
            }
            opts.put(kv[0], kv[1]);
        }
        return opts;
    }
}
