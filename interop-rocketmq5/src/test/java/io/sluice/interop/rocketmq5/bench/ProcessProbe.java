package io.sluice.interop.rocketmq5.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Observes a broker JVM from outside, on Linux: CPU time from {@code /proc/<pid>/stat}, resident
 * memory from {@code /proc/<pid>/status} (anonymous memory, i.e. heap, direct buffers and
 * metaspace, apart from file-backed pages such as a memory-mapped commit log), and GC pauses and
 * heap occupancy from the JVM's {@code -Xlog:gc} file. Confined to the harness's main thread.
 */
final class ProcessProbe {

    /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ; 100 on Linux x86-64). */
    private static final double TICKS_PER_SECOND = 100.0;

    /** {@code GC(7) Pause Young (Normal) (G1 Evacuation Pause) 150M->40M(512M) 3.456ms}. */
    private static final Pattern PAUSE = Pattern.compile("Pause .*? (\\d+)M->(\\d+)M\\((\\d+)M\\) ([0-9.]+)ms");

    private final long pid;
    private final Path gcLog;

    ProcessProbe(long pid, Path gcLog) {
        this.pid = pid;
        this.gcLog = gcLog;
    }

    /** A point to measure from. */
    record Mark(long cpuTicks, long harnessTicks, long machineBusyTicks, long gcLogBytes, long nanos) {}

    /**
     * What the process used between two marks.
     *
     * @param cpuCores average CPU use in cores (1.0 = one core busy)
     * @param harnessCores the load generator's (this JVM's) CPU use in cores
     * @param otherCores CPU use of everything else on the machine (the other broker, other users'
     *     builds, the kernel's write-back), in cores: the figure that says whether the run was quiet
     * @param rssAnonMb anonymous resident memory at the end, MiB
     * @param rssMb all resident memory at the end (includes mapped file pages), MiB
     * @param gcPauses stop-the-world pauses
     * @param gcPauseMs their total, ms
     * @param gcMaxPauseMs the longest, ms
     * @param heapPeakMb most heap in use before any pause, MiB (0 when there was no pause)
     * @param heapLiveMb most heap in use after any pause (live data plus what the pause kept), MiB
     * @param heapCommittedMb committed heap after the last pause, MiB
     */
    record Usage(
            double cpuCores,
            double harnessCores,
            double otherCores,
            long rssAnonMb,
            long rssMb,
            int gcPauses,
            double gcPauseMs,
            double gcMaxPauseMs,
            long heapPeakMb,
            long heapLiveMb,
            long heapCommittedMb) {

        /** This usage over {@code seconds} and {@code other} over {@code otherSeconds}, as one. */
        Usage merge(double seconds, Usage other, double otherSeconds) {
            double total = seconds + otherSeconds;
            return new Usage(
                    (cpuCores * seconds + other.cpuCores * otherSeconds) / total,
                    (harnessCores * seconds + other.harnessCores * otherSeconds) / total,
                    (otherCores * seconds + other.otherCores * otherSeconds) / total,
                    Math.max(rssAnonMb, other.rssAnonMb),
                    Math.max(rssMb, other.rssMb),
                    gcPauses + other.gcPauses,
                    gcPauseMs + other.gcPauseMs,
                    Math.max(gcMaxPauseMs, other.gcMaxPauseMs),
                    Math.max(heapPeakMb, other.heapPeakMb),
                    Math.max(heapLiveMb, other.heapLiveMb),
                    Math.max(heapCommittedMb, other.heapCommittedMb));
        }
    }

    Mark mark() throws IOException {
        return new Mark(
                cpuTicks(String.valueOf(pid)),
                cpuTicks("self"),
                machineBusyTicks(),
                Files.exists(gcLog) ? Files.size(gcLog) : 0,
                System.nanoTime());
    }

    Usage since(Mark start) throws IOException {
        Mark end = mark();
        double seconds = (end.nanos() - start.nanos()) / 1e9;
        double cores = (end.cpuTicks() - start.cpuTicks()) / TICKS_PER_SECOND / seconds;
        double harness = (end.harnessTicks() - start.harnessTicks()) / TICKS_PER_SECOND / seconds;
        double machine = (end.machineBusyTicks() - start.machineBusyTicks()) / TICKS_PER_SECOND / seconds;
        String gc = readFrom(gcLog, start.gcLogBytes());
        Matcher matcher = PAUSE.matcher(gc);
        int pauses = 0;
        double total = 0;
        double max = 0;
        long peak = 0;
        long live = 0;
        long committed = 0;
        while (matcher.find()) {
            pauses++;
            double ms = Double.parseDouble(matcher.group(4));
            total += ms;
            max = Math.max(max, ms);
            peak = Math.max(peak, Long.parseLong(matcher.group(1)));
            live = Math.max(live, Long.parseLong(matcher.group(2)));
            committed = Long.parseLong(matcher.group(3));
        }
        return new Usage(
                cores,
                harness,
                Math.max(0, machine - cores - harness),
                statusKb("RssAnon") / 1024,
                statusKb("VmRSS") / 1024,
                pauses,
                total,
                max,
                peak,
                live,
                committed);
    }

    /** Busy ticks of all CPUs: everything in the first line of /proc/stat but idle and iowait. */
    private static long machineBusyTicks() throws IOException {
        String[] fields =
                Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < fields.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
            if (i != 4 && i != 5) {
                busy += Long.parseLong(fields[i]);
            }
        }
        return busy;
    }

    private static long cpuTicks(String process) throws IOException {
        String stat = Files.readString(Path.of("/proc", process, "stat"), StandardCharsets.US_ASCII);
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime (fields 14, 15)
    }

    private long statusKb(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(key + ":")) {
                return Long.parseLong(
                        line.substring(key.length() + 1).replace("kB", "").trim());
            }
        }
        return -1;
    }

    private static String readFrom(Path file, long offset) throws IOException {
        if (!Files.exists(file)) {
            return "";
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - offset, 64L * 1024 * 1024)];
            in.seek(offset);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
