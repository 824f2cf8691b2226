package dev.vigil.perf.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of this JVM's own service threads by kind (garbage collection, JIT compilation, the VM
 * thread), which the JVM does not list as Java threads: read from {@code /proc/self/task} on Linux,
 * nothing elsewhere.
 */
final class VmThreads {
    /** The kind of the JIT compiler's threads, the row the report shows separately. */
    static final String JIT = "JVM: JIT compilation";

    private static final Path TASKS = Path.of("/proc/self/task");

    /** Linux reports thread times in clock ticks of 1/100 s on every common platform. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    private VmThreads() {}

    /**
     * Nanoseconds of CPU so far per kind: "JVM: garbage collection", "JVM: JIT", "JVM: VM thread".
     */
    static Map<String, Long> cpu() {
        Map<String, Long> kinds = new HashMap<>();
        if (!Files.isDirectory(TASKS)) {
            return kinds;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> add(kinds, task));
        } catch (IOException e) {
            // the threads of a running JVM come and go; a snapshot without them is still useful
        }
        return kinds;
    }

    private static void add(Map<String, Long> kinds, Path task) {
        try {
            String stat = Files.readString(task.resolve("stat"));
            String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
            String kind = kind(comm);
            if (kind != null) {
                // Fields after the name: state is 3rd, utime the 14th and stime the 15th.
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                kinds.merge(kind, ticks * NANOS_PER_TICK, Long::sum);
            }
        } catch (IOException | RuntimeException e) {
            // the thread ended between listing and reading
        }
    }

    /** The kind of a JVM service thread by its (15-character) OS name, or null. */
    static String kind(String comm) {
        if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
            return "JVM: garbage collection";
        }
        if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
            return JIT;
        }
        if (comm.equals("VM Thread")) {
            return "JVM: VM thread (safepoints)";
        }
        return null;
    }
}
