package dev.vigil.perf.pipeline;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.BitmapEncoder.BitmapFormat;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The run's two trade-off plots, drawn by XChart into PNG files. */
final class Charts {
    static final String LATENCY_FILE = "pipeline-latency-vs-max-delay.png";
    static final String THROUGHPUT_FILE = "pipeline-throughput-vs-batch.png";

    private Charts() {}

    /** Detection and alert latency percentiles against maxDelay, at one offered rate. */
    static Path latencyVsDelay(Path dir, List<PipelineRuns.FixedRate> runs, String subtitle)
            throws IOException {
        XYChart chart =
                chart("Latency vs maxDelay (" + subtitle + ")", "maxDelay (ms)", "latency (ms)");
        double[] delays = values(runs, r -> r.setup().maxDelay().toMillis());
        series(chart, "detection p50", delays, values(runs, r -> r.detections().p50()));
        series(chart, "detection p99", delays, values(runs, r -> r.detections().p99()));
        series(chart, "alert p50", delays, values(runs, r -> r.alerts().p50()));
        series(chart, "alert p95", delays, values(runs, r -> r.alerts().p95()));
        series(chart, "alert p99", delays, values(runs, r -> r.alerts().p99()));
        return save(chart, dir.resolve(LATENCY_FILE));
    }

    /** Saturation throughput of the pipeline and of bare ONNX Runtime against the batch size. */
    static Path throughputVsBatch(
            Path dir, List<PipelineRuns.Saturation> pipeline, List<BareOrt.Result> bare)
            throws IOException {
        XYChart chart = chart("Throughput vs maxBatch (saturation)", "maxBatch", "frames/s");
        series(
                chart,
                "pipeline, wasm guest",
                values(pipeline, r -> r.setup().maxBatch()),
                values(pipeline, PipelineRuns.Saturation::framesPerSecond));
        series(
                chart,
                "bare ONNX Runtime",
                values(bare, BareOrt.Result::batch),
                values(bare, BareOrt.Result::framesPerSecond));
        return save(chart, dir.resolve(THROUGHPUT_FILE));
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart chart =
                new XYChartBuilder()
                        .width(900)
                        .height(560)
                        .title(title)
                        .xAxisTitle(x)
                        .yAxisTitle(y)
                        .build();
        chart.getStyler().setYAxisMin(0.0);
        return chart;
    }

    private static void series(XYChart chart, String name, double[] x, double[] y) {
        chart.addSeries(name, x, y).setMarker(SeriesMarkers.CIRCLE);
    }

    private static <T> double[] values(List<T> items, ToDoubleFunction<T> value) {
        return items.stream().mapToDouble(value).toArray();
    }

    private static Path save(XYChart chart, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapFormat.PNG);
        return file;
    }
}
