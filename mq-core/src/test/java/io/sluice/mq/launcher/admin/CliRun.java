package io.sluice.mq.launcher.admin;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.mq.common.SystemClock;
import io.sluice.mq.launcher.SluiceMain;
import io.sluice.mq.protocol.json.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The outcome of one {@code sluice admin} command line run in-process (status, stdout, stderr),
 * and the waits the CLI tests share.
 */
record CliRun(int status, String out, String err) {

    /** Runs {@code sluice admin <args[0]> -n<namesrv> <args[1..]>}. */
    static CliRun admin(String namesrv, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] full = new String[args.length + 2];
        full[0] = "admin";
        full[1] = args[0];
        full[2] = "-n" + namesrv;
        System.arraycopy(args, 1, full, 3, args.length - 1);
        int status = SluiceMain.run(new SystemClock(), new PrintWriter(out, true), new PrintWriter(err, true), full);
        return new CliRun(status, out.toString(), err.toString());
    }

    /** Polls {@code supplier} every 50 ms until {@code done} holds, for at most 30 s. */
    static <T> T until(String what, Supplier<T> supplier, Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        T value = supplier.get();
        while (!done.test(value)) {
            assertThat(System.nanoTime())
                    .as("waiting for %s; last: %s", what, value)
                    .isLessThan(deadline);
            try {
                TimeUnit.MILLISECONDS.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what, e);
            }
            value = supplier.get();
        }
        return value;
    }

    Map<String, Object> json() {
        return Json.parseObject(out.trim());
    }

    CliRun ok() {
        assertThat(status).as("status; stderr: %s", err).isZero();
        return this;
    }
}
