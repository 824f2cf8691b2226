package dev.vigil.perf.pipeline;

import dev.vigil.job.inference.BatchPolicy;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a run found, as the ratios the issue asks for, the tables behind them and the targets: the
 * terminal output (tables, then the one-line summary last) and the Markdown section for {@code
 * perf/RESULTS.md}. A missed target says where the time goes, from the run's own profiles.
 */
record BenchReport(
        BenchSettings settings,
        String command,
        double meanPayloadBytes,
        List<BareOrt.Result> bare,
        CallCosts calls,
        PipelineRuns.Saturation wasm,
        PipelineRuns.Saturation java,
        PipelineRuns.Saturation passthrough,
        PipelineRuns.Saturation unbatched,
        List<PipelineRuns.Saturation> batchSweep,
        List<Workload> others,
        RateSearch.Result search,
        List<PipelineRuns.FixedRate> delaySweep,
        PipelineRuns.FixedRate headline,
        PipelineRuns.FixedRate fewCheckpoints,
        PipelineRuns.FixedRate bufferTimeoutRun,
        Policies policies) {

    /**
     * FIXED against ADAPTIVE batching in the same run (null when not compared): each policy's
     * highest rate sustained with its inference stage's p99 within {@code budget}, and ADAPTIVE at
     * the headline's offered rate.
     */
    record Policies(
            java.time.Duration budget,
            RateSearch.Result fixed,
            RateSearch.Result adaptive,
            PipelineRuns.FixedRate adaptiveAtHeadlineRate) {}

    /** A workload besides the headline: its bare model run (null for none) and saturation. */
    record Workload(BenchModel model, BareOrt.Result bare, PipelineRuns.Saturation saturation) {
        /** Host CPU per frame outside the model's own run; NaN without a bare run. */
        double hostMs() {
            return bare == null
                    ? Double.NaN
                    : BenchReport.hostMs(saturation.cpu().totalMsPerFrame(), bare.cpuMsPerFrame());
        }

        double pipelineOverBare() {
            return bare == null
                    ? Double.NaN
                    : saturation.framesPerSecond() / bare.framesPerSecond();
        }
    }

    static final double HOST_MS = 3;
    static final double PIPELINE_OVER_PASSTHROUGH = 0.8;
    static final double PIPELINE_OVER_BARE = 0.9;
    static final double ALERT_P99_MS = 100;

    /** The model {@code pipeline/bare} is read for. */
    static final BenchModel BARE_MODEL = BenchModel.PPOCR_DET;

    private static final int WHERE_ROWS = 4;

    /**
     * The host's CPU per frame outside the model: the whole machine's CPU per frame (broker,
     * registry, the job's JVM) less the model's own run per frame (bare ONNX Runtime's CPU time per
     * frame at the same batch size).
     */
    static double hostMs(double machineMsPerFrame, double modelCpuMsPerFrame) {
        return machineMsPerFrame - modelCpuMsPerFrame;
    }

    /** The last line printed and appended. NaN (a figure not measured) prints as "-". */
    static String summaryLine(
            BenchEncoding encoding,
            double hostMs,
            double overPassthrough,
            double overBare,
            double wasmOverJava,
            double p99Ms) {
        return "bench: encoding="
                + encoding
                + " host_ms="
                + fixed(hostMs, 2)
                + " pipeline/passthrough="
                + fixed(overPassthrough, 2)
                + " pipeline/bare("
                + BARE_MODEL.option
                + ")="
                + fixed(overBare, 2)
                + " wasm/java="
                + fixed(wasmOverJava, 2)
                + " p99_ms="
                + fixed(p99Ms, 1);
    }

    private static String fixed(double value, int decimals) {
        return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    String summaryLine() {
        return summaryLine(
                settings.encoding(),
                hostMs(),
                pipelineOverPassthrough(),
                pipelineOverBare(),
                wasmOverJava(),
                headline.alerts().p99());
    }

    double hostMs() {
        return hostMs(wasm.cpu().totalMsPerFrame(), bareAt(settings.maxBatch()).cpuMsPerFrame());
    }

    double pipelineOverPassthrough() {
        return wasm.framesPerSecond() / passthrough.framesPerSecond();
    }

    /** {@link #BARE_MODEL}'s pipeline over its bare run at maxBatch; NaN when it did not run. */
    double pipelineOverBare() {
        return others.stream()
                .filter(w -> w.model() == BARE_MODEL)
                .mapToDouble(Workload::pipelineOverBare)
                .findFirst()
                .orElse(Double.NaN);
    }

    double wasmOverJava() {
        return wasm.framesPerSecond() / java.framesPerSecond();
    }

    double batchedOverUnbatched() {
        return wasm.framesPerSecond() / unbatched.framesPerSecond();
    }

    BareOrt.Result bareAt(int batch) {
        return bare.stream().filter(b -> b.batch() == batch).findFirst().orElseThrow();
    }

    ResultTable targets() {
        ResultTable table = new ResultTable("target", "measured", "met", "where the time goes");
        double host = hostMs();
        table.row(
                "host CPU per frame outside the model <= "
                        + ResultTable.number(HOST_MS)
                        + " ms ("
                        + workload()
                        + ", deterministic, saturation)",
                host,
                met(host <= HOST_MS),
                "whole machine "
                        + ResultTable.number(wasm.cpu().totalMsPerFrame())
                        + " ms less the model's "
                        + ResultTable.number(bareAt(settings.maxBatch()).cpuMsPerFrame())
                        + " ms (bare ORT CPU time); "
                        + top(wasm.cpu().rows()));
        double r1 = pipelineOverPassthrough();
        table.row(
                "pipeline/passthrough >= " + PIPELINE_OVER_PASSTHROUGH + " (deterministic)",
                r1,
                met(r1 >= PIPELINE_OVER_PASSTHROUGH),
                "CPU per frame "
                        + ResultTable.number(wasm.cpu().totalMsPerFrame())
                        + " ms vs passthrough "
                        + ResultTable.number(passthrough.cpu().totalMsPerFrame())
                        + " ms; the difference: "
                        + difference(wasm.cpu(), passthrough.cpu()));
        double r2 = pipelineOverBare();
        table.row(
                "pipeline/bare >= "
                        + PIPELINE_OVER_BARE
                        + " ("
                        + BARE_MODEL.option
                        + " float, CPU, maxBatch "
                        + settings.maxBatch()
                        + ")",
                r2,
                Double.isNaN(r2) ? "not run" : met(r2 >= PIPELINE_OVER_BARE),
                others.stream()
                        .filter(w -> w.model() == BARE_MODEL)
                        .map(BenchReport::stagesAndTop)
                        .findFirst()
                        .orElse("add " + BARE_MODEL.option + " to --models"));
        double p99 = headline.alerts().p99();
        table.row(
                "alert p99 <= "
                        + ResultTable.number(ALERT_P99_MS)
                        + " ms at "
                        + Math.round(settings.load() * 100)
                        + " % of sustained, maxDelay "
                        + headline.setup().maxDelay().toMillis()
                        + " ms",
                p99,
                met(p99 <= ALERT_P99_MS),
                "detections p99 "
                        + ResultTable.number(headline.detections().p99())
                        + " ms; checkpoints every "
                        + fewCheckpoints.setup().checkpointInterval().toSeconds()
                        + " s instead of "
                        + headline.setup().checkpointInterval().toSeconds()
                        + ": alert p99 "
                        + ResultTable.number(fewCheckpoints.alerts().p99())
                        + " ms, max "
                        + ResultTable.number(fewCheckpoints.alerts().max())
                        + " ms (vs max "
                        + ResultTable.number(headline.alerts().max())
                        + "); Flink buffer timeout "
                        + bufferTimeoutRun.setup().bufferTimeout().toMillis()
                        + " ms instead of "
                        + headline.setup().bufferTimeout().toMillis()
                        + ": alert p99 "
                        + ResultTable.number(bufferTimeoutRun.alerts().p99())
                        + " ms, detections p99 "
                        + ResultTable.number(bufferTimeoutRun.detections().p99())
                        + " ms");
        table.row(
                "wasm/java (no target: the sandbox's price in the pipeline)",
                wasmOverJava(),
                "-",
                "-");
        table.row(
                "batched/unbatched (no target: the gain of batching)",
                batchedOverUnbatched(),
                "-",
                "-");
        return table;
    }

    private String workload() {
        return settings.encoding() + " " + settings.frameWidth() + "x" + settings.frameHeight();
    }

    private static String stagesAndTop(Workload w) {
        OutputWatcher.StageSplit t = w.saturation().stages();
        return "in the pipeline per frame: pre "
                + ResultTable.number(t.preMicros() / 1000)
                + " ms, model "
                + ResultTable.number(t.inferMicros() / 1000)
                + " ms, post "
                + ResultTable.number(t.postMicros() / 1000)
                + " ms (wall, cores shared); bare "
                + ResultTable.number(1000 / w.bare().framesPerSecond())
                + " ms; "
                + top(w.saturation().cpu().rows());
    }

    /** The largest consumers of CPU per frame, for a missed target's explanation. */
    private static String top(List<CpuProfile.Row> rows) {
        return "most CPU: "
                + rows.stream()
                        .limit(WHERE_ROWS)
                        .map(r -> r.what() + " " + ResultTable.number(r.msPerFrame()) + " ms")
                        .collect(Collectors.joining(", "));
    }

    /** The rows that grew most from {@code base} to {@code run}, in ms per frame. */
    static String difference(CpuProfile run, CpuProfile base) {
        Map<String, Double> delta = new HashMap<>();
        run.rows().forEach(r -> delta.merge(r.what(), r.msPerFrame(), Double::sum));
        base.rows().forEach(r -> delta.merge(r.what(), -r.msPerFrame(), Double::sum));
        return delta.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .limit(WHERE_ROWS)
                .map(e -> e.getKey() + " +" + ResultTable.number(e.getValue()) + " ms")
                .collect(Collectors.joining(", "));
    }

    ResultTable runs() {
        ResultTable table =
                new ResultTable(
                        "run",
                        "model",
                        "maxBatch",
                        "maxDelay ms",
                        "checkpoint s",
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
        List<BareOrt.Result> bares = new ArrayList<>(bare);
        others.stream().filter(w -> w.bare() != null).forEach(w -> bares.add(w.bare()));
        for (BareOrt.Result b : bares) {
            table.row(
                    throughputOnly(
                            "bare ONNX Runtime (" + b.provider() + ")",
                            b.model().option,
                            b.batch(),
                            "-",
                            "-",
                            b.framesPerSecond()));
        }
        table.row(saturationCells(java));
        table.row(saturationCells(passthrough));
        batchSweep.forEach(s -> table.row(saturationCells(s)));
        others.forEach(w -> table.row(saturationCells(w.saturation())));
        List<PipelineRuns.FixedRate> fixed = new ArrayList<>(delaySweep);
        fixed.add(fewCheckpoints);
        fixed.add(bufferTimeoutRun);
        if (policies != null) {
            fixed.add(policies.adaptiveAtHeadlineRate());
        }
        for (PipelineRuns.FixedRate f : fixed) {
            LatencyStats d = f.detections();
            LatencyStats a = f.alerts();
            table.row(
                    "fixed rate, "
                            + f.setup().variant().label
                            + (f.setup().policy() == BatchPolicy.FIXED
                                    ? ""
                                    : ", " + f.setup().policy())
                            + (f.setup()
                                            .bufferTimeout()
                                            .equals(PipelineRuns.Setup.DEFAULT_BUFFER_TIMEOUT)
                                    ? ""
                                    : ", buffer timeout "
                                            + f.setup().bufferTimeout().toMillis()
                                            + " ms"),
                    f.setup().model().option,
                    f.setup().maxBatch(),
                    f.setup().maxDelay().toMillis(),
                    f.setup().checkpointInterval().toSeconds(),
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

    ResultTable policyTable() {
        ResultTable table =
                new ResultTable(
                        "batch policy (budget " + policies.budget().toMillis() + " ms)",
                        "sustained fps, stage p99 within budget",
                        "at " + ResultTable.number(headline.offered()) + " fps: frames/s",
                        "det p99",
                        "alert p99",
                        "alert max");
        table.row(
                "FIXED (maxDelay " + headline.setup().maxDelay().toMillis() + " ms)",
                policies.fixed().sustained(),
                headline.achieved(),
                headline.detections().p99(),
                headline.alerts().p99(),
                headline.alerts().max());
        PipelineRuns.FixedRate a = policies.adaptiveAtHeadlineRate();
        table.row(
                "ADAPTIVE",
                policies.adaptive().sustained(),
                a.achieved(),
                a.detections().p99(),
                a.alerts().p99(),
                a.alerts().max());
        return table;
    }

    private static ResultTable probes(RateSearch.Result search) {
        ResultTable table =
                new ResultTable(
                        "probe",
                        "offered fps",
                        "delivered in time",
                        "lag, first half ms",
                        "lag, second half ms",
                        "lag p99 ms",
                        "in inference stage p99 ms",
                        "sustained");
        for (int i = 0; i < search.probes().size(); i++) {
            RateSearch.Probe p = search.probes().get(i);
            table.row(
                    i + 1,
                    p.offered(),
                    String.format(Locale.ROOT, "%.1f %%", 100 * p.deliveredShare()),
                    p.earlyLagMs(),
                    p.lateLagMs(),
                    p.p99LagMs(),
                    p.p99InStageMs(),
                    search.passed().get(i) ? "yes" : "no");
        }
        return table;
    }

    private static Object[] saturationCells(PipelineRuns.Saturation s) {
        return throughputOnly(
                "saturation, " + s.setup().variant().label,
                s.setup().variant() == PipelineRuns.Variant.PASSTHROUGH
                        ? "-"
                        : s.setup().model().option,
                s.setup().maxBatch(),
                s.setup().maxDelay().toMillis(),
                "backlog",
                s.framesPerSecond());
    }

    /** A row of {@link #runs()} that measured a rate and no latency: "-" in the latency cells. */
    private static Object[] throughputOnly(
            String name,
            String model,
            Object maxBatch,
            Object maxDelayMs,
            Object offered,
            double framesPerSecond) {
        Object[] cells = new Object[15];
        Arrays.fill(cells, "-");
        cells[0] = name;
        cells[1] = model;
        cells[2] = maxBatch;
        cells[3] = maxDelayMs;
        cells[5] = offered;
        cells[6] = framesPerSecond;
        return cells;
    }

    ResultTable callCosts() {
        return new ResultTable(
                        "the call alone, maxBatch " + calls.batch() + " (no Kafka, no Flink)",
                        "ms per frame",
                        "over the bare model run")
                .row("bare model run (ONNX Runtime)", calls.bareMs(), "-")
                .row(
                        "wasm guest call (pool, guest, host kernels with decoding, model)",
                        calls.wasmMs(),
                        calls.guestOverheadMs())
                .row(
                        "plain-Java call (same kernels, model, regions)",
                        calls.javaMs(),
                        calls.javaOverheadMs());
    }

    ResultTable stages() {
        ResultTable table =
                new ResultTable(
                        "inference (saturation, maxBatch " + settings.maxBatch() + ")",
                        "model",
                        "pre ms/frame",
                        "model ms/frame",
                        "post ms/frame",
                        "pre+post ms/frame");
        List<PipelineRuns.Saturation> runs = new ArrayList<>(List.of(wasm, java));
        others.forEach(w -> runs.add(w.saturation()));
        for (PipelineRuns.Saturation s : runs) {
            OutputWatcher.StageSplit t = s.stages();
            table.row(
                    s.setup().variant().label,
                    s.setup().model().option,
                    t.preMicros() / 1000,
                    t.inferMicros() / 1000,
                    t.postMicros() / 1000,
                    t.overheadMicros() / 1000);
        }
        return table;
    }

    /** Host CPU per frame by workload: the machine's, the model's own, and the rest. */
    ResultTable hostCost() {
        ResultTable table =
                new ResultTable(
                        "workload (saturation, maxBatch " + settings.maxBatch() + ")",
                        "frames/s",
                        "machine CPU ms/frame",
                        "model's own run ms/frame (bare ORT CPU)",
                        "host_ms",
                        "of it JIT ms/frame");
        BareOrt.Result headlineBare = bareAt(settings.maxBatch());
        table.row(
                "deterministic",
                wasm.framesPerSecond(),
                wasm.cpu().totalMsPerFrame(),
                headlineBare.cpuMsPerFrame(),
                hostMs(),
                jitMs(wasm.cpu()));
        table.row(
                "passthrough (no model)",
                passthrough.framesPerSecond(),
                passthrough.cpu().totalMsPerFrame(),
                0.0,
                passthrough.cpu().totalMsPerFrame(),
                jitMs(passthrough.cpu()));
        for (Workload w : others) {
            table.row(
                    w.model().option,
                    w.saturation().framesPerSecond(),
                    w.saturation().cpu().totalMsPerFrame(),
                    w.bare() == null ? "-" : w.bare().cpuMsPerFrame(),
                    w.hostMs(),
                    jitMs(w.saturation().cpu()));
        }
        return table;
    }

    private static double jitMs(CpuProfile cpu) {
        return cpu.rows().stream()
                .filter(r -> r.what().equals(VmThreads.JIT))
                .mapToDouble(CpuProfile.Row::msPerFrame)
                .sum();
    }

    ResultTable cpu(PipelineRuns.Saturation run) {
        ResultTable table =
                new ResultTable(
                        "CPU of " + run.setup().describe() + " at saturation",
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

    private List<PipelineRuns.Saturation> profiled() {
        List<PipelineRuns.Saturation> runs = new ArrayList<>(List.of(wasm, java, passthrough));
        others.forEach(w -> runs.add(w.saturation()));
        return runs;
    }

    private String sustainedLine() {
        return "Highest rate sustained with the producer running: "
                + ResultTable.number(search.sustained())
                + " frames/s ("
                + search.probes().size()
                + " probes of "
                + settings.probeWindow().toSeconds()
                + " s on one job; sustained = at least "
                + Math.round(RateSearch.DELIVERED * 100)
                + " % of the frames' detections within 1 s of the probe's end and the second"
                + " half's mean lag at most "
                + RateSearch.LAG_GROWTH
                + "x the first's + "
                + ResultTable.number(RateSearch.LAG_SLACK_MS)
                + " ms). Latency runs offer "
                + Math.round(settings.load() * 100)
                + " % of it: "
                + ResultTable.number(headline.offered())
                + " frames/s.";
    }

    String text() {
        StringBuilder out = new StringBuilder();
        out.append("\nCPU per frame, where the time goes\n");
        for (PipelineRuns.Saturation run : profiled()) {
            out.append(cpu(run).text()).append('\n');
        }
        out.append("Host CPU per frame outside the model, by workload\n").append(hostCost().text());
        out.append("\nThe inference call alone, per frame\n").append(callCosts().text());
        out.append(
                        "\nStages of the inference call inside the pipeline at saturation (wall"
                                + " time, cores shared), per frame\n")
                .append(stages().text());
        out.append("\nRate search\n")
                .append(probes(search).text())
                .append(sustainedLine())
                .append('\n');
        if (policies != null) {
            out.append("\nBatch policies, same run\n").append(policyTable().text());
        }
        out.append("\nRuns\n").append(runs().text());
        out.append("\nTargets\n").append(targets().text());
        return out.toString();
    }

    String markdown(String commit, Path plotDir) {
        StringBuilder md = new StringBuilder();
        md.append(
                "\n## Pipeline end to end: JPEG workloads, real models, streaming baseline, host"
                        + " cost per frame\n\n");
        md.append("- **Command:** `").append(command).append("`\n");
        md.append("- **Commit:** ")
                .append(commit)
                .append(", ")
                .append(LocalDate.now())
                .append('\n');
        md.append("- **Machine:** ").append(machine()).append('\n');
        md.append("- **Setup:** ")
                .append(settings.cameras())
                .append(" cameras, ")
                .append(workload())
                .append(" frames (")
                .append(
                        settings.encoding() == BenchEncoding.JPEG
                                ? "ImageIO quality " + BenchEncoding.JPEG_QUALITY + ", "
                                : "")
                .append("mean payload ")
                .append(ResultTable.number(meanPayloadBytes / 1024))
                .append(
                        " KiB): rendered scenes (gradient, road, noise, a number plate, a clock"
                            + " overlay) with a white square moving in 3 of every 4 frames, so each"
                            + " track alerts on its third frame; 4 distinct frames per camera,"
                            + " encoded once before the runs. Workloads ")
                .append(settings.models().stream().map(m -> m.option).toList())
                .append(" (bundled guests), providers ")
                .append(settings.providers())
                .append(", job parallelism ")
                .append(settings.parallelism())
                .append(", checkpoints every ")
                .append(settings.checkpointInterval().toSeconds())
                .append(
                        " s, Flink MiniCluster in the harness's JVM, Kafka broker and registry in"
                                + " child JVMs. Saturation: a job drains a backlog of ")
                .append(settings.backlogFrames())
                .append(" frames (")
                .append(settings.modelBacklogFrames())
                .append(
                        " for the PaddleOCR workloads; the first quarter left out), after a warm-up"
                            + " run per model that is not counted, so CPU profiles hold no start-up"
                            + " JIT; the JIT left is shown per workload. The passthrough baseline"
                            + " is the same job (source, keying, batching, sinks) with an inference"
                            + " stage that decodes nothing and writes a detection-sized record per"
                            + " frame. host_ms = the whole machine's CPU per frame less the model's"
                            + " own run per frame, bare ONNX Runtime's CPU time (not wall) at the"
                            + " same batch size. Latency: from each frame's due time to its"
                            + " record's arrival (detections read uncommitted), measured ")
                .append(settings.window().toSeconds())
                .append(" s after ")
                .append(settings.warmup().toSeconds())
                .append(
                        " s of warm-up at the run's own rate (the guest's code is the JIT's in a"
                                + " job's first seconds at load).\n\n");
        md.append(sustainedLine()).append("\n\n");
        md.append("### Targets\n\n").append(targets().markdown());
        md.append("\n### Host CPU per frame outside the model, by workload\n\n")
                .append(hostCost().markdown());
        md.append("\n### Rate search\n\n").append(probes(search).markdown());
        if (policies != null) {
            md.append("\n### Batch policies, same run\n\n")
                    .append(policyTable().markdown())
                    .append("\nSearches: FIXED\n\n")
                    .append(probes(policies.fixed()).markdown())
                    .append("\nADAPTIVE\n\n")
                    .append(probes(policies.adaptive()).markdown());
        }
        md.append("\n### Runs\n\n").append(runs().markdown());
        md.append("\n### The inference call alone, per frame\n\n").append(callCosts().markdown());
        md.append(
                        "\n### Stages of the inference call inside the pipeline at saturation"
                                + " (wall time, cores shared), per frame\n\n")
                .append(stages().markdown());
        md.append("\n### CPU per frame at saturation, where the time goes\n");
        for (PipelineRuns.Saturation run : profiled()) {
            md.append('\n').append(cpu(run).markdown());
        }
        md.append("\n### Plots\n\n");
        md.append("![latency vs maxDelay](")
                .append(plotDir.resolve(Charts.LATENCY_FILE))
                .append(")\n");
        md.append("![throughput vs maxBatch](")
                .append(plotDir.resolve(Charts.THROUGHPUT_FILE))
                .append(")\n");
        md.append("\n").append(summaryLine()).append("\n");
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
