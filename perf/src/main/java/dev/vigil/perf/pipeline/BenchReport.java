package dev.vigil.perf.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * What a run found, as the ratios the issue asks for, the tables behind them and the targets: the
 * terminal output (table last, then the one-line summary) and the Markdown section for {@code
 * perf/RESULTS.md}.
 */
record BenchReport(
        BenchSettings settings,
        String command,
        List<BareOrt.Result> bare,
        CallCosts calls,
        PipelineRuns.Saturation wasm,
        PipelineRuns.Saturation java,
        PipelineRuns.Saturation unbatched,
        List<PipelineRuns.Saturation> batchSweep,
        PipelineRuns.FixedRate overload,
        List<PipelineRuns.FixedRate> delaySweep,
        PipelineRuns.FixedRate headline) {

    static final double PIPELINE_OVER_BARE = 0.85;
    static final double WASM_OVER_JAVA = 0.90;
    static final double GUEST_OVERHEAD_MS = 0.3;
    static final double ALERT_P99_MS = 100;

    double pipelineOverBare() {
        return wasm.framesPerSecond() / bareAt(settings.maxBatch()).framesPerSecond();
    }

    double wasmOverJava() {
        return wasm.framesPerSecond() / java.framesPerSecond();
    }

    double batchedOverUnbatched() {
        return wasm.framesPerSecond() / unbatched.framesPerSecond();
    }

    /** Guest code and host kernels per frame: the guest's call less the bare model run, ms. */
    double guestOverheadMs() {
        return calls.guestOverheadMs();
    }

    BareOrt.Result bareAt(int batch) {
        return bare.stream().filter(b -> b.batch() == batch).findFirst().orElseThrow();
    }

    /** The last line printed: the four figures that matter. */
    String summaryLine() {
        return String.format(
                Locale.ROOT,
                "bench: pipeline/bare=%.2f wasm/java=%.2f batched/unbatched=%.2f p99_ms=%.1f",
                pipelineOverBare(),
                wasmOverJava(),
                batchedOverUnbatched(),
                headline.alerts().p99());
    }

    ResultTable runs() {
        ResultTable table =
                new ResultTable(
                        "run",
                        "maxBatch",
                        "maxDelay ms",
                        "offered fps",
                        "frames/s",
                        "det p50",
                        "det p95",
                        "det p99",
                        "det max",
                        "alert p50",
                        "alert p95",
                        "alert p99",
                        "alert max");
        for (BareOrt.Result b : bare) {
            table.row(
                    throughputOnly(
                            "bare ONNX Runtime (" + b.provider() + ")",
                            b.batch(),
                            "-",
                            "-",
                            b.framesPerSecond()));
        }
        table.row(saturationCells("saturation, plain Java", java));
        for (PipelineRuns.Saturation s : batchSweep) {
            table.row(saturationCells("saturation, wasm guest", s));
        }
        for (PipelineRuns.FixedRate f : concat(List.of(overload), delaySweep)) {
            LatencyStats d = f.detections();
            LatencyStats a = f.alerts();
            table.row(
                    f.overload()
                            ? "overload: saturation with the producer"
                            : "fixed rate, wasm guest",
                    f.setup().maxBatch(),
                    f.setup().maxDelay().toMillis(),
                    f.offered(),
                    f.achieved(),
                    d.p50(),
                    d.p95(),
                    d.p99(),
                    d.max(),
                    a.p50(),
                    a.p95(),
                    a.p99(),
                    a.max());
        }
        return table;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    ResultTable callCosts() {
        return new ResultTable(
                        "the call alone, maxBatch " + calls.batch() + " (no Kafka, no Flink)",
                        "ms per frame",
                        "over the bare model run")
                .row("bare model run (ONNX Runtime)", calls.bareMs(), "-")
                .row(
                        "wasm guest call (pool, guest, host kernels, model)",
                        calls.wasmMs(),
                        calls.guestOverheadMs())
                .row(
                        "plain-Java call (same kernels, model, regions)",
                        calls.javaMs(),
                        calls.javaOverheadMs());
    }

    private static Object[] saturationCells(String name, PipelineRuns.Saturation s) {
        return throughputOnly(
                name,
                s.setup().maxBatch(),
                s.setup().maxDelay().toMillis(),
                "backlog",
                s.framesPerSecond());
    }

    /** A row of {@link #runs()} that measured a rate and no latency: "-" in the 8 latency cells. */
    private static Object[] throughputOnly(
            String name,
            Object maxBatch,
            Object maxDelayMs,
            Object offered,
            double framesPerSecond) {
        Object[] cells = new Object[13];
        Arrays.fill(cells, "-");
        cells[0] = name;
        cells[1] = maxBatch;
        cells[2] = maxDelayMs;
        cells[3] = offered;
        cells[4] = framesPerSecond;
        return cells;
    }

    ResultTable targets() {
        return new ResultTable("target", "measured", "met")
                .row(
                        "pipeline/bare >= "
                                + PIPELINE_OVER_BARE
                                + " (maxBatch "
                                + settings.maxBatch()
                                + ")",
                        pipelineOverBare(),
                        met(pipelineOverBare() >= PIPELINE_OVER_BARE))
                .row(
                        "wasm/java >= " + WASM_OVER_JAVA,
                        wasmOverJava(),
                        met(wasmOverJava() >= WASM_OVER_JAVA))
                .row(
                        "guest overhead <= "
                                + GUEST_OVERHEAD_MS
                                + " ms per "
                                + settings.frameSide()
                                + "x"
                                + settings.frameSide()
                                + " frame",
                        guestOverheadMs(),
                        met(guestOverheadMs() <= GUEST_OVERHEAD_MS))
                .row(
                        "alert p99 <= "
                                + ALERT_P99_MS
                                + " ms at "
                                + Math.round(settings.load() * 100)
                                + " % of saturation",
                        headline.alerts().p99(),
                        met(headline.alerts().p99() <= ALERT_P99_MS))
                .row(
                        "batched/unbatched (no target: the gain of batching)",
                        batchedOverUnbatched(),
                        "-");
    }

    ResultTable stages() {
        ResultTable table =
                new ResultTable(
                        "inference (saturation, maxBatch " + settings.maxBatch() + ")",
                        "pre ms/frame",
                        "model ms/frame",
                        "post ms/frame",
                        "pre+post ms/frame");
        for (PipelineRuns.Saturation s : List.of(wasm, java)) {
            OutputWatcher.StageSplit t = s.stages();
            table.row(
                    s.setup().variant().label,
                    t.preMicros() / 1000,
                    t.inferMicros() / 1000,
                    t.postMicros() / 1000,
                    t.overheadMicros() / 1000);
        }
        return table;
    }

    ResultTable cpu(PipelineRuns.Saturation run) {
        ResultTable table =
                new ResultTable(
                        "CPU of " + run.setup().variant().label + " at saturation",
                        "ms per frame",
                        "share");
        double total = run.cpu().totalMsPerFrame();
        for (CpuProfile.Row row : run.cpu().rows()) {
            if (row.msPerFrame() >= 0.005) {
                table.row(
                        row.what(),
                        row.msPerFrame(),
                        String.format(Locale.ROOT, "%.0f %%", 100 * row.msPerFrame() / total));
            }
        }
        double cores = Runtime.getRuntime().availableProcessors();
        table.row(
                "total (the machine's "
                        + (int) cores
                        + " cores give "
                        + ResultTable.number(cores * 1000 / run.framesPerSecond())
                        + " ms per frame at this rate)",
                total,
                "100 %");
        return table;
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("\nCPU per frame, where the time goes\n")
                .append(cpu(wasm).text())
                .append('\n')
                .append(cpu(java).text());
        out.append("\nThe inference call alone, per frame\n").append(callCosts().text());
        out.append(
                        "\n"
                            + "Stages of the inference call inside the pipeline at saturation (wall"
                            + " time, cores shared), per frame\n")
                .append(stages().text());
        out.append("\nTargets\n").append(targets().text());
        out.append("\nRuns\n").append(runs().text());
        return out.toString();
    }

    String markdown(String commit, Path plotDir) {
        StringBuilder md = new StringBuilder();
        md.append("\n## Pipeline end to end: throughput and latency, baselines side by side\n\n");
        md.append("- **Command:** `").append(command).append("`\n");
        md.append("- **Commit:** ")
                .append(commit)
                .append(", ")
                .append(LocalDate.now())
                .append('\n');
        md.append("- **Machine:** ").append(machine()).append('\n');
        md.append("- **Setup:** ")
                .append(settings.cameras())
                .append(" cameras, RAW RGB8 ")
                .append(settings.frameSide())
                .append("×")
                .append(settings.frameSide())
                .append(
                        " frames (the object in 3 of every 4, so each track alerts on its third"
                                + " frame),")
                .append(
                        " nn-backend's deterministic detector with the bundled"
                                + " `deterministic-detect` guest,")
                .append(" providers ")
                .append(settings.providers())
                .append(", job parallelism ")
                .append(settings.parallelism())
                .append(", checkpoints every ")
                .append(settings.checkpointInterval().toSeconds())
                .append(
                        " s, Flink MiniCluster in the harness's JVM, Kafka broker and registry in"
                                + " child JVMs. Saturation: a job drains a backlog of ")
                .append(settings.backlogFrames())
                .append(" frames (the first quarter left out). Fixed rate: ")
                .append(Math.round(settings.load() * 100))
                .append(
                        " % of the saturation throughput with the producer running (an overload run"
                            + " offers 1.3× the backlog-draining rate and counts what comes out),"
                            + " measured ")
                .append(settings.window().toSeconds())
                .append(
                        " s after warm-up, latency from each frame's due time to its record's"
                            + " arrival (detections read uncommitted: read_committed readers see"
                            + " them at the next checkpoint).\n\n");
        md.append("### Targets\n\n").append(targets().markdown());
        md.append("\n### Runs\n\n").append(runs().markdown());
        md.append("\n### The inference call alone, per frame\n\n").append(callCosts().markdown());
        md.append(
                        "\n"
                            + "### Stages of the inference call inside the pipeline at saturation"
                            + " (wall time, cores shared), per frame\n\n")
                .append(stages().markdown());
        md.append("\n### CPU per frame at saturation, where the time goes\n\n")
                .append(cpu(wasm).markdown())
                .append('\n')
                .append(cpu(java).markdown());
        md.append("\n### Plots\n\n");
        md.append("![latency vs maxDelay](")
                .append(plotDir.resolve(Charts.LATENCY_FILE))
                .append(")\n");
        md.append("![throughput vs maxBatch](")
                .append(plotDir.resolve(Charts.THROUGHPUT_FILE))
                .append(")\n");
        md.append("\n`").append(summaryLine()).append("`\n");
        return md.toString();
    }

    static String machine() {
        String cpu = "unknown CPU";
        try {
            cpu =
                    Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                            .filter(l -> l.startsWith("model name"))
                            .map(l -> l.substring(l.indexOf(':') + 1).trim())
                            .findFirst()
                            .orElse(cpu);
        } catch (IOException e) {
            // not Linux: the JVM's view below is all there is
        }
        long memory =
                ((com.sun.management.OperatingSystemMXBean)
                                ManagementFactory.getOperatingSystemMXBean())
                        .getTotalMemorySize();
        return String.format(
                Locale.ROOT,
                "%d vCPU %s, %d GiB, %s %s, %s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                Math.round(memory / (1024.0 * 1024 * 1024)),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    }

    static String commit() {
        try {
            Process git =
                    new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD")
                            .redirectErrorStream(true)
                            .start();
            String out = new String(git.getInputStream().readAllBytes()).trim();
            return git.waitFor() == 0 ? out : "unknown (git: " + out + ")";
        } catch (IOException e) {
            return "unknown (no git)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    private static String met(boolean met) {
        return met ? "yes" : "NO";
    }
}
