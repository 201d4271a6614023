package io.sluice.connector.flink.source;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A Sink V2 that appends every record to a list shared by name within this JVM (the MiniCluster
 * runs in the test JVM), so a test can watch a running job's output across job restarts.
 */
final class CollectingSink implements Sink<String> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, List<String>> OUTPUTS = new ConcurrentHashMap<>();

    private final String name;

    CollectingSink(String name) {
        this.name = name;
        OUTPUTS.put(name, new CopyOnWriteArrayList<>());
    }

    static List<String> output(String name) {
        return OUTPUTS.get(name);
    }

    @Override
    public SinkWriter<String> createWriter(WriterInitContext context) {
        List<String> out = OUTPUTS.get(name);
        return new SinkWriter<>() {
            @Override
            public void write(String element, Context ctx) {
                out.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }
}
