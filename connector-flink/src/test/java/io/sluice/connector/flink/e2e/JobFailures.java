package io.sluice.connector.flink.e2e;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;

/**
 * Every failure Flink recorded for a job (its exception history, read over the MiniCluster's REST
 * API), so a test can tell its injected failures from any other: a job that restarted for a
 * reason the test did not plan may still end with correct output, and that must not pass
 * unnoticed. Stateless; thread-safe.
 */
final class JobFailures {

    private JobFailures() {}

    /**
     * The stack traces (causes included) of every root failure of {@code job} and the failures
     * concurrent with it, oldest first.
     */
    static List<String> of(RestClusterClient<?> rest, JobID job) throws Exception {
        JobExceptionsMessageParameters parameters = new JobExceptionsMessageParameters();
        parameters.jobPathParameter.resolve(job);
        JobExceptionsInfoWithHistory.JobExceptionHistory history = rest.sendRequest(
                        JobExceptionsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance())
                .get(30, TimeUnit.SECONDS)
                .getExceptionHistory();
        if (history.isTruncated()) {
            throw new AssertionError(
                    "the exception history of " + job + " is truncated: raise web.exception-history-size");
        }
        List<String> traces = new ArrayList<>();
        for (JobExceptionsInfoWithHistory.RootExceptionInfo root : history.getEntries()) {
            traces.add(root.getStacktrace());
            root.getConcurrentExceptions().forEach(e -> traces.add(e.getStacktrace()));
        }
        Collections.reverse(traces);
        return traces;
    }
}
