package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.stack.embedded.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's first session, as commands: {@code stack up}, {@code demo --keep} on it (plates read,
 * the watched plate alerting), {@code job upgrade} of the demo's job to the other recogniser
 * version, {@code stack down} — and no process left behind.
 */
class DemoCommandITCase {
    private static final Pattern SUMMARY =
            Pattern.compile(
                    "demo: frames=(\\d+) detections=(\\d+) alerts=(\\d+) dlq=0 lost=0"
                            + " plates_read=(\\d+)/(\\d+)");
    private static final Pattern JOB_ID = Pattern.compile("the job ([0-9a-f]{32}) runs");

    @TempDir Path work;

    @Test
    void runsTheDemoOnTheStackUpgradesItsJobAndLeavesNothingRunning() throws IOException {
        String stackDir = "--dir=" + work.resolve("stack");
        String state = "--state-dir=" + work.resolve("state");
        CliRun.succeed(
                "stack",
                "up",
                stackDir,
                "--zookeeper-port=" + FreePorts.next(),
                "--kafka-port=" + FreePorts.next(),
                "--registry-port=" + FreePorts.next(),
                "--flink-port=" + FreePorts.next());
        List<ProcessHandle> processes = processesOf(LocalStack.read(work.resolve("stack")));
        try {
            String demo =
                    CliRun.succeed(
                            "demo",
                            stackDir,
                            state,
                            "--repository=" + work.resolve("models"),
                            "--render=" + work.resolve("render"),
                            "--duration=12s",
                            "--cameras=2",
                            "--fps=1",
                            "--keep");
            assertThat(demo).contains("using the stack already running in");
            Matcher summary = SUMMARY.matcher(demo);
            assertThat(summary.find()).as(demo).isTrue();
            assertThat(Long.parseLong(summary.group(1))).isEqualTo(24);
            assertThat(summary.group(2)).isEqualTo(summary.group(1));
            assertThat(Long.parseLong(summary.group(3))).as("alerts").isPositive();
            assertThat(Long.parseLong(summary.group(4)))
                    .as("plates read")
                    .isGreaterThanOrEqualTo(
                            (long) Math.ceil(0.9 * Long.parseLong(summary.group(5))));
            assertThat(demo)
                    .as("the zone on the last camera: no alert outside it")
                    .containsPattern("demo: zone road on yard/cam-2: alerts inside=\\d+ outside=0");
            assertThat(demo)
                    .contains("read on yard/cam-")
                    .contains("matches watchlist '" + ProduceCommand.WATCHED_PLATE + "'");
            try (Stream<Path> rendered = Files.list(work.resolve("render"))) {
                assertThat(rendered).isNotEmpty();
            }

            Matcher job = JOB_ID.matcher(demo);
            assertThat(job.find()).as(demo).isTrue();
            String flinkUrl = LocalStack.read(work.resolve("stack")).url("flink");
            String upgraded =
                    CliRun.succeed(
                            "job",
                            "upgrade",
                            "--flink-url=" + flinkUrl,
                            state,
                            "--job=" + job.group(1),
                            "--jar=" + System.getProperty("vigil.job-jar"),
                            "--model=recogniser=ppocr-rec@3");
            assertThat(upgraded).contains("upgraded: job").contains("ppocr-rec@3");
        } finally {
            CliRun.succeed("stack", "down", stackDir);
        }
        assertThat(processes)
                .allSatisfy(
                        process ->
                                assertThat(process.isAlive())
                                        .as("pid %d after down", process.pid())
                                        .isFalse());
    }

    /** The stack's recorded processes and every child they started. */
    private static List<ProcessHandle> processesOf(LocalStack stack) {
        return stack.parts().stream()
                .flatMap(part -> part.pids().stream())
                .flatMap(pid -> ProcessHandle.of(pid).stream())
                .flatMap(process -> Stream.concat(Stream.of(process), process.descendants()))
                .toList();
    }
}
