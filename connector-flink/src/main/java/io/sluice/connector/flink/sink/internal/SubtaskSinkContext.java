package io.sluice.connector.flink.sink.internal;

import io.sluice.connector.flink.sink.SluiceRecordSerializer;
import io.sluice.connector.flink.sink.SluiceSinkContext;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/** The sink context of one subtask, as both writers give it to the record serializer. Immutable. */
@Internal
record SubtaskSinkContext(int parallelInstanceId, int numberOfParallelInstances) implements SluiceSinkContext {

    /**
     * The context of the subtask {@code context} describes, after opening {@code serializer} with
     * it.
     *
     * @throws IOException if the serializer failed to open
     */
    static SubtaskSinkContext openSerializer(SluiceRecordSerializer<?> serializer, WriterInitContext context)
            throws IOException {
        SubtaskSinkContext sinkContext = new SubtaskSinkContext(
                context.getTaskInfo().getIndexOfThisSubtask(),
                context.getTaskInfo().getNumberOfParallelSubtasks());
        try {
            serializer.open(context.asSerializationSchemaInitializationContext(), sinkContext);
        } catch (Exception e) { // CHECKSTYLE.OFF: IllegalCatch - the serializer's open may throw anything
            throw new IOException("the record serializer failed to open", e);
        }
        return sinkContext;
    }

    /** The client instance name of the subtask attempt: distinct per attempt. */
    static String instanceName(WriterInitContext context) {
        return "flink-sink-" + context.getJobInfo().getJobId() + "-"
                + context.getTaskInfo().getIndexOfThisSubtask() + "-"
                + context.getTaskInfo().getAttemptNumber();
    }
}
