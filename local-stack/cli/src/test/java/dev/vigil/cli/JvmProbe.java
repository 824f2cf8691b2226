package dev.vigil.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Flink JVM (a TaskManager or JobManager) holds after a full GC, read with the JDK's {@code
 * jcmd}: its live job class loaders and its used Metaspace.
 */
final class JvmProbe {
    /** The loader Flink gives each job's user code (child-first, the default resolve order). */
    static final String JOB_LOADER = "org.apache.flink.util.ChildFirstClassLoader";

    private static final Pattern METASPACE = Pattern.compile("Metaspace\\s+used (\\d+)K");

    private final long pid;

    JvmProbe(long pid) {
        this.pid = pid;
    }

    /** A full GC (a live-object class histogram forces one), then what survived it. */
    Sample sample() {
        String histogram = jcmd("GC.class_histogram");
        int loaders = 0;
        for (String line : histogram.split("\n")) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length >= 4 && columns[3].equals(JOB_LOADER)) {
                loaders += Integer.parseInt(columns[1]);
            }
        }
        Matcher metaspace = METASPACE.matcher(jcmd("GC.heap_info"));
        if (!metaspace.find()) {
            throw new IllegalStateException("jcmd GC.heap_info of " + pid + " shows no Metaspace");
        }
        return new Sample(loaders, Long.parseLong(metaspace.group(1)) * 1024);
    }

    boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Live job class loaders, and used Metaspace in bytes. */
    record Sample(int jobLoaders, long metaspaceBytes) {
        long metaspaceMiB() {
            return metaspaceBytes >> 20;
        }
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process =
                    new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                            .redirectErrorStream(true)
                            .start();
            String out =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("Could not run " + jcmd + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted running jcmd", e);
        }
    }
}
