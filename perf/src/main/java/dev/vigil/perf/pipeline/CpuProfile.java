package dev.vigil.perf.pipeline;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a run's CPU time went, per frame: this JVM's Java threads grouped by name (Flink's task
 * threads, Kafka clients, the inference worker), its threads the JVM does not list as Java threads
 * by kind (GC, JIT, from {@code /proc/self/task} on Linux; what remains is ONNX Runtime's own
 * thread pool), and the broker and registry processes.
 */
record CpuProfile(long frames, double wallSeconds, List<Row> rows) {
    /** One consumer of CPU: milliseconds per frame. */
    record Row(String what, double msPerFrame) {}

    /** CPU counters at one moment. */
    record Snapshot(
            long wallNanos,
            long processNanos,
            Map<String, Long> threads,
            Map<String, Long> vmThreads,
            Map<String, Long> children) {}

    private static final int TOP_GROUPS = 9;

    static Snapshot take(Map<String, Long> children) {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Map<String, Long> threads = new HashMap<>();
        long[] ids = bean.getAllThreadIds();
        ThreadInfo[] infos = bean.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = bean.getThreadCpuTime(ids[i]);
            if (infos[i] != null && cpu > 0) {
                threads.merge(infos[i].getThreadName() + "\u0000" + ids[i], cpu, Long::sum);
            }
        }
        Map<String, Long> childCpu = new HashMap<>();
        children.forEach(
                (name, pid) ->
                        childCpu.put(
                                name,
                                ProcessHandle.of(pid)
                                        .flatMap(p -> p.info().totalCpuDuration())
                                        .map(Duration::toNanos)
                                        .orElse(0L)));
        return new Snapshot(
                System.nanoTime(), processCpuNanos(), threads, VmThreads.cpu(), childCpu);
    }

    /** This JVM's CPU time, ONNX Runtime's native pool threads included. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static CpuProfile between(Snapshot start, Snapshot end, long frames) {
        Map<String, Long> groups = new HashMap<>();
        long javaThreads = 0;
        for (Map.Entry<String, Long> thread : end.threads().entrySet()) {
            long delta = thread.getValue() - start.threads().getOrDefault(thread.getKey(), 0L);
            javaThreads += delta;
            groups.merge(
                    group(thread.getKey().substring(0, thread.getKey().indexOf('\u0000'))),
                    delta,
                    Long::sum);
        }
        List<Map.Entry<String, Long>> sorted = new ArrayList<>(groups.entrySet());
        sorted.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        List<Row> rows = new ArrayList<>();
        long others = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i < TOP_GROUPS) {
                rows.add(row("thread " + sorted.get(i).getKey(), sorted.get(i).getValue(), frames));
            } else {
                others += sorted.get(i).getValue();
            }
        }
        rows.add(row("other Java threads of this JVM", others, frames));
        long vm = 0;
        for (Map.Entry<String, Long> kind : end.vmThreads().entrySet()) {
            long delta = kind.getValue() - start.vmThreads().getOrDefault(kind.getKey(), 0L);
            vm += delta;
            rows.add(row(kind.getKey(), delta, frames));
        }
        rows.add(
                row(
                        "this JVM's native threads (ONNX Runtime's pool)",
                        Math.max(0, end.processNanos() - start.processNanos() - javaThreads - vm),
                        frames));
        end.children()
                .forEach(
                        (name, cpu) ->
                                rows.add(
                                        row(
                                                name,
                                                cpu - start.children().getOrDefault(name, 0L),
                                                frames)));
        rows.sort(Comparator.comparingDouble(Row::msPerFrame).reversed());
        return new CpuProfile(frames, (end.wallNanos() - start.wallNanos()) / 1e9, rows);
    }

    double totalMsPerFrame() {
        return rows.stream().mapToDouble(Row::msPerFrame).sum();
    }

    /** Thread names without subtask indexes, client ids and counters, so alike threads add up. */
    static String group(String threadName) {
        String name =
                threadName
                        .replaceAll("\\s*\\(\\d+/\\d+\\)(#\\d+)?", "")
                        .replaceAll(" \\| .*", "")
                        .replaceAll("\\d+", "N");
        return name.length() > 70 ? name.substring(0, 67) + "..." : name;
    }

    private static Row row(String what, long nanos, long frames) {
        return new Row(what, frames == 0 ? Double.NaN : nanos / 1e6 / frames);
    }
}
