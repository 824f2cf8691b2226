package dev.vigil.perf.pipeline;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Every option of the load harness, typed, with its default and description ({@link #options()},
 * printed by {@code --help}). {@code --quick} changes the defaults of the run's length, not of what
 * is compared.
 */
public record BenchSettings(
        boolean quick,
        BenchEncoding encoding,
        int frameWidth,
        int frameHeight,
        List<BenchModel> models,
        int maxBatch,
        Duration maxDelay,
        List<Integer> batchSweep,
        List<Duration> delaySweep,
        int cameras,
        int backlogFrames,
        int modelBacklogFrames,
        Duration window,
        double load,
        int probes,
        Duration probeWindow,
        Duration warmup,
        Duration latencyBudget,
        int policyProbes,
        int parallelism,
        Duration checkpointInterval,
        Duration stallCheckpointInterval,
        Duration flushBufferTimeout,
        Duration bareTime,
        List<String> providers,
        boolean record,
        Path out,
        Path results,
        Path plots) {

    public BenchSettings {
        if (models.isEmpty() || models.get(0) != BenchModel.DETERMINISTIC) {
            throw new IllegalArgumentException(
                    "--models "
                            + models.stream().map(m -> m.option).toList()
                            + ": the first must be deterministic, the headline workload whose"
                            + " baselines (plain Java, passthrough) and latency runs the targets"
                            + " read; list the others after it");
        }
    }

    /** One option: its name on the command line, type, default (full run; quick run) and use. */
    public record Option(
            String name, String type, String fullDefault, String quickDefault, String description) {
        Option(String name, String type, String fullDefault, String description) {
            this(name, type, fullDefault, fullDefault, description);
        }
    }

    public static List<Option> options() {
        return List.of(
                new Option(
                        "quick",
                        "flag",
                        "false",
                        "A short run (under five minutes): smaller backlogs, shorter windows, fewer"
                                + " probes, two points per sweep."),
                new Option(
                        "encoding",
                        "enum",
                        "JPEG",
                        "How frames travel: JPEG (quality 0.85), PNG or RAW (RGB8). Encoded once,"
                                + " before the runs."),
                new Option(
                        "frame-size",
                        "WxH",
                        "640x480",
                        "Size of the rendered scenes (e.g. 1280x720)."),
                new Option(
                        "models",
                        "list",
                        "deterministic,ppocr-det,ppocr-det-pixel,text-read",
                        "deterministic,ppocr-det",
                        "Workloads: the first is the headline (every baseline, sweep and latency"
                                + " run); each other gets bare ONNX Runtime and a saturation run."
                                + " deterministic, ppocr-det, ppocr-det-pixel, text-read."),
                new Option(
                        "max-batch",
                        "int",
                        "8",
                        "maxBatch of the headline runs and of the bare ONNX Runtime baseline (the"
                                + " job's default)."),
                new Option(
                        "max-delay-ms",
                        "int",
                        "20",
                        "maxDelay of the headline runs, in ms (the latency target's)."),
                new Option("batch-sweep", "ints", "1,2,4,8,16", "1,8", "maxBatch values swept."),
                new Option(
                        "delay-sweep-ms",
                        "ints",
                        "0,5,10,20,50",
                        "20",
                        "maxDelay values swept at the headline's offered rate, in ms."),
                new Option("cameras", "int", "16", "Sources (keys) the frames come from."),
                new Option(
                        "backlog",
                        "int",
                        "1500",
                        "400",
                        "Frames each saturation run of the headline model drains from a backlog."),
                new Option(
                        "model-backlog",
                        "int",
                        "64",
                        "24",
                        "Frames each saturation run of the other (heavier) models drains."),
                new Option(
                        "window-s",
                        "int",
                        "15",
                        "5",
                        "Seconds measured in each fixed-rate run, after the job is warm."),
                new Option(
                        "load",
                        "double",
                        "0.8",
                        "Offered rate of the fixed-rate runs, as a fraction of the highest rate the"
                                + " rate search found sustained."),
                new Option(
                        "probes",
                        "int",
                        "6",
                        "4",
                        "Fixed-rate probes of the rate search (one job, bracket then bisection)."),
                new Option("probe-s", "int", "4", "3", "Seconds each probe offers its rate."),
                new Option(
                        "warmup-s",
                        "int",
                        "6",
                        "4",
                        "Seconds a latency or search job is offered its rate before it is measured"
                                + " (not counted)."),
                new Option(
                        "latency-budget-ms",
                        "int",
                        "100",
                        "ADAPTIVE batching's budget, and the p99 of frames' time in the inference"
                                + " stage a rate must keep to count as sustained within it in the"
                                + " FIXED vs ADAPTIVE comparison."),
                new Option(
                        "policy-probes",
                        "int",
                        "5",
                        "3",
                        "Probes of each policy's search in the FIXED vs ADAPTIVE comparison (0:"
                                + " no comparison)."),
                new Option("parallelism", "int", "1", "Parallelism of the job."),
                new Option(
                        "checkpoint-s",
                        "int",
                        "10",
                        "Checkpoint interval of the job in seconds (the job's default)."),
                new Option(
                        "stall-checkpoint-s",
                        "int",
                        "60",
                        "Checkpoint interval of the latency run compared with the headline's, in"
                                + " seconds (longer than the run: no barrier flushes a batch)."),
                new Option(
                        "buffer-timeout-ms",
                        "int",
                        "100",
                        "Flink network buffer timeout of the latency run compared with the job's"
                                + " (execution.buffer-timeout, 10 ms): 100 is Flink's own"
                                + " default."),
                new Option(
                        "bare-s",
                        "int",
                        "4",
                        "2",
                        "Seconds each bare ONNX Runtime measurement runs, after one of warm-up."),
                new Option(
                        "providers",
                        "list",
                        "CPU",
                        "ONNX Runtime execution providers, in order (CUDA,CPU on a GPU)."),
                new Option(
                        "record",
                        "flag",
                        "false",
                        "Append the results to --results and write the plots to --plots."),
                new Option(
                        "out",
                        "path",
                        "perf/target/bench-pipeline",
                        "Where the report and plots go without --record."),
                new Option(
                        "results",
                        "path",
                        "perf/RESULTS.md",
                        "The results file --record appends to."),
                new Option("plots", "path", "perf/plots", "Where --record writes the plots."));
    }

    /**
     * Settings from {@code --name value} arguments ({@code --name} alone for a flag).
     *
     * @throws IllegalArgumentException naming the argument that is unknown or malformed
     */
    public static BenchSettings parse(String... args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg.startsWith("--") ? arg.substring(2) : arg;
            Option option =
                    options().stream()
                            .filter(o -> o.name().equals(name))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new IllegalArgumentException(
                                                    "Unknown argument '"
                                                            + arg
                                                            + "'; --help lists the options"));
            if (option.type().equals("flag")) {
                given.put(name, "true");
            } else if (i + 1 < args.length) {
                given.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + name + " needs a " + option.type());
            }
        }
        boolean quick = Boolean.parseBoolean(given.getOrDefault("quick", "false"));
        Map<String, String> values = new LinkedHashMap<>();
        for (Option option : options()) {
            values.put(option.name(), quick ? option.quickDefault() : option.fullDefault());
        }
        values.putAll(given);
        Values v = new Values(values);
        int[] size = v.size("frame-size");
        return new BenchSettings(
                quick,
                BenchEncoding.parse(values.get("encoding")),
                size[0],
                size[1],
                BenchModel.parseAll(v.list("models")),
                v.integer("max-batch"),
                Duration.ofMillis(v.integer("max-delay-ms")),
                v.integers("batch-sweep"),
                v.integers("delay-sweep-ms").stream().map(Duration::ofMillis).toList(),
                v.integer("cameras"),
                v.integer("backlog"),
                v.integer("model-backlog"),
                Duration.ofSeconds(v.integer("window-s")),
                v.decimal("load"),
                v.integer("probes"),
                Duration.ofSeconds(v.integer("probe-s")),
                Duration.ofSeconds(v.integer("warmup-s")),
                Duration.ofMillis(v.integer("latency-budget-ms")),
                v.integer("policy-probes"),
                v.integer("parallelism"),
                Duration.ofSeconds(v.integer("checkpoint-s")),
                Duration.ofSeconds(v.integer("stall-checkpoint-s")),
                Duration.ofMillis(v.integer("buffer-timeout-ms")),
                Duration.ofSeconds(v.integer("bare-s")),
                v.list("providers"),
                Boolean.parseBoolean(values.get("record")),
                Path.of(values.get("out")),
                Path.of(values.get("results")),
                Path.of(values.get("plots")));
    }

    /** Every batch size a run uses: the sweep's and the headline's. */
    public List<Integer> batchSizes() {
        return Stream.concat(batchSweep.stream(), Stream.of(maxBatch)).distinct().sorted().toList();
    }

    /** The workloads besides the headline's deterministic detector, in {@code --models} order. */
    public List<BenchModel> otherModels() {
        return models.subList(1, models.size());
    }

    /** Where plots go: {@link #plots()} when recording, else under {@link #out()}. */
    public Path plotDir() {
        return record ? plots : out;
    }

    private record Values(Map<String, String> values) {
        int integer(String name) {
            try {
                return Integer.parseInt(values.get(name).trim());
            } catch (NumberFormatException e) {
                throw malformed(name, "a whole number");
            }
        }

        double decimal(String name) {
            try {
                return Double.parseDouble(values.get(name).trim());
            } catch (NumberFormatException e) {
                throw malformed(name, "a number");
            }
        }

        List<Integer> integers(String name) {
            try {
                return list(name).stream().map(Integer::parseInt).toList();
            } catch (NumberFormatException e) {
                throw malformed(name, "whole numbers separated by commas");
            }
        }

        int[] size(String name) {
            String[] parts = values.get(name).trim().toLowerCase(java.util.Locale.ROOT).split("x");
            try {
                if (parts.length == 2) {
                    int[] size = {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
                    if (size[0] > 0 && size[1] > 0) {
                        return size;
                    }
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw malformed(name, "WIDTHxHEIGHT in pixels, e.g. 640x480");
        }

        List<String> list(String name) {
            return Arrays.stream(values.get(name).split(","))
                    .map(String::trim)
                    .filter(s -> !s.isEmpty())
                    .toList();
        }

        IllegalArgumentException malformed(String name, String expected) {
            return new IllegalArgumentException(
                    "--" + name + " " + values.get(name) + ": expected " + expected);
        }
    }
}
