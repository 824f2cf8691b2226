package dev.vigil.perf.pipeline;

import dev.vigil.job.JobOptions;
import dev.vigil.perf.pipeline.PipelineRuns.Saturation;
import dev.vigil.perf.pipeline.PipelineRuns.Setup;
import dev.vigil.perf.pipeline.PipelineRuns.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The end-to-end load harness ({@code perf/bench-pipeline}): the real pipeline against a real
 * broker and registry, at saturation and at a fixed offered rate, with its baselines measured in
 * the same run on the same frames, model and batch size: bare ONNX Runtime (the ceiling), the
 * pipeline with plain-Java inference instead of the guest (the price of the sandbox), and the
 * pipeline unbatched (the gain of batching); then sweeps of maxBatch and maxDelay. Prints a table
 * last and the summary line {@code bench: pipeline/bare=.. wasm/java=.. batched/unbatched=..
 * p99_ms=..}. Figures, not assertions: it is not a test.
 */
public final class PipelineBench {
    /** Offered rate of the overload run, as a multiple of the backlog-draining saturation. */
    private static final double OVERLOAD = 1.3;

    private PipelineBench() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            help();
            return;
        }
        BenchSettings settings = BenchSettings.parse(args);
        String command = ("perf/bench-pipeline " + String.join(" ", args)).trim();
        BenchFrames frames = new BenchFrames(settings.cameras(), settings.frameSide());
        say("starting a Kafka broker and a schema registry on 127.0.0.1 ...");
        BenchReport report;
        try (BenchStack stack = BenchStack.start()) {
            List<BareOrt.Result> bare = new ArrayList<>();
            for (int batch : settings.batchSizes()) {
                bare.add(
                        BareOrt.measure(
                                JobOptions.models(stack.modelOptions(settings, batch)),
                                BenchStack.MODEL,
                                frames,
                                batch,
                                settings.bareTime()));
                say(
                        "bare ONNX Runtime, batch "
                                + batch
                                + ": "
                                + ResultTable.number(last(bare).framesPerSecond())
                                + " frames/s");
            }
            say("the inference call alone, maxBatch " + settings.maxBatch() + " ...");
            CallCosts calls =
                    CallCosts.measure(
                            settings,
                            stack.modelOptions(settings, settings.maxBatch()),
                            frames,
                            bare.stream()
                                    .filter(b -> b.batch() == settings.maxBatch())
                                    .findFirst()
                                    .orElseThrow());
            PipelineRuns runs = new PipelineRuns(settings, stack, frames);
            say("producing a backlog of " + settings.backlogFrames() + " frames ...");
            runs.fillBacklog();
            Setup headline = new Setup(Variant.WASM, settings.maxBatch(), settings.maxDelay());
            say("warm-up run (not counted) ...");
            runs.saturate(headline);
            Saturation wasm = saturate(runs, headline);
            Saturation java =
                    saturate(
                            runs,
                            new Setup(Variant.JAVA, settings.maxBatch(), settings.maxDelay()));
            List<Saturation> batchSweep = new ArrayList<>();
            for (int batch : settings.batchSizes()) {
                batchSweep.add(
                        batch == settings.maxBatch()
                                ? wasm
                                : saturate(
                                        runs, new Setup(Variant.WASM, batch, settings.maxDelay())));
            }
            Saturation unbatched =
                    batchSweep.stream()
                            .filter(s -> s.setup().maxBatch() == 1)
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "--batch-sweep must hold 1: it is the unbatched"
                                                            + " baseline"));
            // Draining a backlog leaves the producer out; the fixed-rate runs have it on the same
            // cores, so their 100 % is what the pipeline takes with it: offered beyond, measured.
            say("overload, " + headline.describe() + ": saturation with the producer running ...");
            PipelineRuns.FixedRate overload =
                    runs.fixedRate(headline, OVERLOAD * wasm.framesPerSecond(), true);
            say("  " + ResultTable.number(overload.achieved()) + " frames/s");
            double rate = settings.load() * overload.achieved();
            List<PipelineRuns.FixedRate> delaySweep = new ArrayList<>();
            List<Duration> delays = new ArrayList<>(settings.delaySweep());
            if (!delays.contains(settings.maxDelay())) {
                delays.add(settings.maxDelay());
            }
            delays.sort(null);
            for (Duration delay : delays) {
                say(
                        "fixed rate "
                                + ResultTable.number(rate)
                                + " frames/s, maxDelay "
                                + delay.toMillis()
                                + " ms ...");
                PipelineRuns.FixedRate run =
                        runs.fixedRate(
                                new Setup(Variant.WASM, settings.maxBatch(), delay), rate, false);
                say(
                        "  alerts p99 "
                                + ResultTable.number(run.alerts().p99())
                                + " ms, detections p99 "
                                + ResultTable.number(run.detections().p99())
                                + " ms");
                delaySweep.add(run);
            }
            PipelineRuns.FixedRate fixedHeadline =
                    delaySweep.stream()
                            .filter(r -> r.setup().maxDelay().equals(settings.maxDelay()))
                            .findFirst()
                            .orElseThrow();
            report =
                    new BenchReport(
                            settings,
                            command,
                            bare,
                            calls,
                            wasm,
                            java,
                            unbatched,
                            batchSweep,
                            overload,
                            delaySweep,
                            fixedHeadline);
        }
        Path plots = settings.plotDir();
        Charts.latencyVsDelay(
                plots,
                report.delaySweep(),
                ResultTable.number(report.headline().offered()) + " frames/s offered");
        Charts.throughputVsBatch(plots, report.batchSweep(), report.bare());
        String markdown = report.markdown(BenchReport.commit(), plots);
        Files.createDirectories(settings.out());
        Files.writeString(settings.out().resolve("report.md"), markdown);
        if (settings.record()) {
            Files.writeString(settings.results(), markdown, StandardOpenOption.APPEND);
            say("appended to " + settings.results() + "; plots in " + plots);
        } else {
            say(
                    "report in "
                            + settings.out().resolve("report.md")
                            + "; plots in "
                            + plots
                            + " (--record appends to "
                            + settings.results()
                            + ")");
        }
        System.out.print(report.text());
        System.out.println(report.summaryLine());
    }

    private static Saturation saturate(PipelineRuns runs, Setup setup) throws Exception {
        say("saturation, " + setup.describe() + " ...");
        Saturation result = runs.saturate(setup);
        say("  " + ResultTable.number(result.framesPerSecond()) + " frames/s");
        return result;
    }

    private static <T> T last(List<T> list) {
        return list.get(list.size() - 1);
    }

    private static void help() {
        System.out.println(
                "perf/bench-pipeline [options]: the pipeline end to end with its baselines side by"
                        + " side.\n");
        for (BenchSettings.Option option : BenchSettings.options()) {
            String defaults =
                    option.fullDefault().equals(option.quickDefault())
                            ? option.fullDefault()
                            : option.fullDefault() + "; --quick: " + option.quickDefault();
            System.out.printf(
                    "  --%-16s %-7s %s (default %s)%n",
                    option.name(), option.type(), option.description(), defaults);
        }
    }

    private static void say(String line) {
        System.err.println("bench: " + line);
    }
}
