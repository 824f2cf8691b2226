package dev.vigil.perf.pipeline;

import dev.vigil.job.JobOptions;
import dev.vigil.job.inference.BatchPolicy;
import dev.vigil.perf.pipeline.PipelineRuns.Backlog;
import dev.vigil.perf.pipeline.PipelineRuns.FixedRate;
import dev.vigil.perf.pipeline.PipelineRuns.Saturation;
import dev.vigil.perf.pipeline.PipelineRuns.Setup;
import dev.vigil.perf.pipeline.PipelineRuns.Variant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The end-to-end load harness ({@code perf/bench-pipeline}): the real pipeline against a real
 * broker and registry, on rendered camera scenes in the encoding a fleet sends, with its baselines
 * measured in the same run on the same frames, model and batch size: bare ONNX Runtime (the
 * ceiling, and the model's own CPU per frame), the pipeline with plain-Java inference instead of
 * the guest (the price of the sandbox), the same job with no inference at all (the streaming
 * baseline), and the pipeline unbatched; the heavier models' bare and pipeline runs; a search for
 * the highest rate sustained with the producer running; latency at a share of it over maxDelay, and
 * with fewer checkpoints (the barrier's flush). Prints the tables, then the summary line last.
 * Figures, not assertions: it is not a test.
 */
public final class PipelineBench {
    /** The passthrough's backlog, in headline backlogs. */
    private static final int PASSTHROUGH_BACKLOG = 4;

    private PipelineBench() {}

    public static void main(String[] args) throws Exception {
        if (List.of(args).contains("--help")) {
            help();
            return;
        }
        BenchSettings settings = BenchSettings.parse(args);
        String command = ("perf/bench-pipeline " + String.join(" ", args)).trim();
        say("rendering and encoding the scenes (" + settings.encoding() + ") ...");
        BenchFrames frames = BenchFrames.of(settings);
        say("starting a Kafka broker and a schema registry on 127.0.0.1 ...");
        BenchReport report;
        try (BenchStack stack = BenchStack.start()) {
            List<BareOrt.Result> bare = new ArrayList<>();
            for (int batch : settings.batchSizes()) {
                bare.add(bare(stack, settings, BenchModel.DETERMINISTIC, frames, batch));
            }
            Map<BenchModel, BareOrt.Result> otherBare = new EnumMap<>(BenchModel.class);
            for (BenchModel model : settings.otherModels()) {
                if (model.hasBare()) {
                    otherBare.put(model, bare(stack, settings, model, frames, settings.maxBatch()));
                }
            }
            say("the inference call alone, maxBatch " + settings.maxBatch() + " ...");
            CallCosts calls =
                    CallCosts.measure(
                            settings,
                            stack.modelOptions(
                                    settings, BenchModel.DETERMINISTIC, settings.maxBatch()),
                            frames,
                            bare.stream()
                                    .filter(b -> b.batch() == settings.maxBatch())
                                    .findFirst()
                                    .orElseThrow());
            PipelineRuns runs = new PipelineRuns(settings, stack, frames);
            say("producing a backlog of " + settings.backlogFrames() + " frames ...");
            Backlog backlog = runs.fillBacklog(settings.backlogFrames());
            Setup headline =
                    new Setup(
                            Variant.WASM,
                            BenchModel.DETERMINISTIC,
                            settings.maxBatch(),
                            settings.maxDelay(),
                            settings.checkpointInterval());
            say("warm-up run (not counted) ...");
            runs.saturate(headline, backlog);
            Saturation wasm = saturate(runs, headline, backlog);
            Saturation java = saturate(runs, headline.withVariant(Variant.JAVA), backlog);
            // The passthrough drains its frames many times faster: a longer backlog keeps its
            // measured part (and CPU profile) seconds long rather than a fraction of one.
            say(
                    "producing a backlog of "
                            + PASSTHROUGH_BACKLOG * settings.backlogFrames()
                            + " frames for the passthrough ...");
            Backlog longBacklog = runs.fillBacklog(PASSTHROUGH_BACKLOG * settings.backlogFrames());
            Saturation passthrough =
                    saturate(runs, headline.withVariant(Variant.PASSTHROUGH), longBacklog);
            List<Saturation> batchSweep = new ArrayList<>();
            for (int batch : settings.batchSizes()) {
                batchSweep.add(
                        batch == settings.maxBatch()
                                ? wasm
                                : saturate(runs, headline.withBatch(batch), backlog));
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
            List<BenchReport.Workload> others = new ArrayList<>();
            if (!settings.otherModels().isEmpty()) {
                say("producing a backlog of " + settings.modelBacklogFrames() + " frames ...");
                Backlog small = runs.fillBacklog(settings.modelBacklogFrames());
                for (BenchModel model : settings.otherModels()) {
                    Setup setup =
                            new Setup(
                                    Variant.WASM,
                                    model,
                                    settings.maxBatch(),
                                    settings.maxDelay(),
                                    settings.checkpointInterval());
                    say("warm-up run of " + model.option + " (not counted) ...");
                    runs.saturate(setup, small);
                    others.add(
                            new BenchReport.Workload(
                                    model, otherBare.get(model), saturate(runs, setup, small)));
                }
            }
            // Draining a backlog leaves the producer out; the latency runs have it on the same
            // cores, so what they may offer is searched for with it running.
            RateSearch.Result search =
                    search(
                            runs,
                            headline,
                            wasm.framesPerSecond(),
                            settings.probes(),
                            RateSearch.Probe::sustained);
            double sustained = search.sustained();
            if (Double.isNaN(sustained)) {
                sustained =
                        search.probes().stream()
                                .mapToDouble(RateSearch.Probe::offered)
                                .min()
                                .orElseThrow();
                say(
                        "  no probe was sustained: the latency runs offer "
                                + settings.load()
                                + " of the lowest probe, "
                                + ResultTable.number(sustained)
                                + " frames/s, and measure an overload");
            }
            double rate = settings.load() * sustained;
            List<FixedRate> delaySweep = new ArrayList<>();
            List<Duration> delays = new ArrayList<>(settings.delaySweep());
            if (!delays.contains(settings.maxDelay())) {
                delays.add(settings.maxDelay());
            }
            delays.sort(null);
            for (Duration delay : delays) {
                delaySweep.add(fixedRate(runs, headline.withDelay(delay), rate));
            }
            FixedRate fixedHeadline =
                    delaySweep.stream()
                            .filter(r -> r.setup().maxDelay().equals(settings.maxDelay()))
                            .findFirst()
                            .orElseThrow();
            FixedRate fewCheckpoints =
                    fixedRate(
                            runs,
                            headline.withCheckpoints(settings.stallCheckpointInterval()),
                            rate);
            FixedRate bufferTimeoutRun =
                    fixedRate(
                            runs, headline.withBufferTimeout(settings.flushBufferTimeout()), rate);
            BenchReport.Policies policies = null;
            if (settings.policyProbes() > 0) {
                policies = comparePolicies(runs, settings, headline, rate);
            }
            report =
                    new BenchReport(
                            settings,
                            command,
                            frames.meanPayloadBytes(),
                            bare,
                            calls,
                            wasm,
                            java,
                            passthrough,
                            unbatched,
                            batchSweep,
                            others,
                            search,
                            delaySweep,
                            fixedHeadline,
                            fewCheckpoints,
                            bufferTimeoutRun,
                            policies);
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

    /**
     * FIXED against ADAPTIVE batching on the headline: the highest rate each sustains with 99 % of
     * its frames through the inference stage within the latency budget (the budget's own span), and
     * ADAPTIVE's latency at the headline's offered rate (FIXED's is the headline run).
     */
    private static BenchReport.Policies comparePolicies(
            PipelineRuns runs, BenchSettings settings, Setup headline, double rate)
            throws Exception {
        double budgetMs = settings.latencyBudget().toMillis();
        Setup fixed = headline.withPolicy(BatchPolicy.FIXED, settings.latencyBudget());
        Setup adaptive = headline.withPolicy(BatchPolicy.ADAPTIVE, settings.latencyBudget());
        RateSearch.Result fixedSearch =
                search(
                        runs,
                        fixed,
                        rate,
                        settings.policyProbes(),
                        p -> p.sustainedWithin(budgetMs));
        RateSearch.Result adaptiveSearch =
                search(
                        runs,
                        adaptive,
                        rate,
                        settings.policyProbes(),
                        p -> p.sustainedWithin(budgetMs));
        return new BenchReport.Policies(
                settings.latencyBudget(),
                fixedSearch,
                adaptiveSearch,
                fixedRate(runs, adaptive, rate));
    }

    private static RateSearch.Result search(
            PipelineRuns runs,
            Setup setup,
            double start,
            int probes,
            Predicate<RateSearch.Probe> passes)
            throws Exception {
        say("rate search, " + setup.describe() + ", with the producer running ...");
        RateSearch.Result search = runs.searchRate(setup, start, probes, passes);
        for (int i = 0; i < search.probes().size(); i++) {
            say(
                    "  "
                            + ResultTable.number(search.probes().get(i).offered())
                            + " frames/s: "
                            + (search.passed().get(i) ? "sustained" : "not sustained"));
        }
        return search;
    }

    private static BareOrt.Result bare(
            BenchStack stack,
            BenchSettings settings,
            BenchModel model,
            BenchFrames frames,
            int batch) {
        BareOrt.Result result =
                BareOrt.measure(
                        JobOptions.models(stack.modelOptions(settings, model, batch)),
                        model,
                        frames,
                        batch,
                        settings.bareTime());
        say(
                "bare ONNX Runtime, "
                        + model.option
                        + ", batch "
                        + batch
                        + ": "
                        + ResultTable.number(result.framesPerSecond())
                        + " frames/s, "
                        + ResultTable.number(result.cpuMsPerFrame())
                        + " ms CPU per frame");
        return result;
    }

    private static FixedRate fixedRate(PipelineRuns runs, Setup setup, double rate)
            throws Exception {
        say("fixed rate " + ResultTable.number(rate) + " frames/s, " + setup.describe() + " ...");
        FixedRate run = runs.fixedRate(setup, rate);
        say(
                "  alerts p99 "
                        + ResultTable.number(run.alerts().p99())
                        + " ms, detections p99 "
                        + ResultTable.number(run.detections().p99())
                        + " ms");
        return run;
    }

    private static Saturation saturate(PipelineRuns runs, Setup setup, Backlog backlog)
            throws Exception {
        say("saturation, " + setup.describe() + " ...");
        Saturation result = runs.saturate(setup, backlog);
        say("  " + ResultTable.number(result.framesPerSecond()) + " frames/s");
        return result;
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
                    "  --%-20s %-7s %s (default %s)%n",
                    option.name(), option.type(), option.description(), defaults);
        }
    }

    private static void say(String line) {
        System.err.println("bench: " + line);
    }
}
