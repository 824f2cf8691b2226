package dev.vigil.perf.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import dev.vigil.job.inference.FrameOutcome;
import dev.vigil.schemas.DetectedBox;
import dev.vigil.schemas.Frame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** The new workload's logic: scenes, encodings, the passthrough, the rate search, the report. */
class WorkloadLogicTest {
    @Test
    void scenesEncodeToDecodableFramesOfTheAskedSize() throws IOException {
        for (int[] size : new int[][] {{640, 480}, {1280, 720}}) {
            BenchFrames jpeg = new BenchFrames(2, size[0], size[1], BenchEncoding.JPEG);
            for (long seq = 1; seq <= BenchScenes.PERIOD; seq++) {
                BufferedImage decoded =
                        ImageIO.read(new ByteArrayInputStream(jpeg.payload(1, seq)));
                assertThat(decoded.getWidth()).isEqualTo(size[0]);
                assertThat(decoded.getHeight()).isEqualTo(size[1]);
            }
            assertThat(jpeg.frame(3).getEncoding()).isEqualTo(dev.vigil.schemas.FrameEncoding.JPEG);
        }
        BenchFrames png = new BenchFrames(1, 320, 240, BenchEncoding.PNG);
        assertThat(ImageIO.read(new ByteArrayInputStream(png.payload(0, 1))).getWidth())
                .isEqualTo(320);
        BenchFrames raw = new BenchFrames(1, 320, 240, BenchEncoding.RAW);
        assertThat(raw.payload(0, 1)).hasSize(320 * 240 * 3);
        assertThat(BenchEncoding.parse("jpeg")).isEqualTo(BenchEncoding.JPEG);
        assertThatThrownBy(() -> BenchEncoding.parse("webp"))
                .hasMessageContaining("--encoding webp: expected JPEG, PNG or RAW");
    }

    @Test
    void onlyTheMovingObjectIsBrightEnoughForTheDeterministicDetector() throws IOException {
        int width = 640;
        int height = 480;
        BenchFrames frames = new BenchFrames(3, width, height, BenchEncoding.JPEG);
        for (int camera = 0; camera < 3; camera++) {
            List<int[]> places = new ArrayList<>();
            for (long seq = 1; seq <= BenchScenes.PERIOD; seq++) {
                BufferedImage image =
                        ImageIO.read(new ByteArrayInputStream(frames.payload(camera, seq)));
                int[] box = BenchScenes.objectBox(camera, seq, width, height);
                List<int[]> bright = brightCells(image);
                if (box == null) {
                    assertThat(bright).as("camera %d seq %d", camera, seq).isEmpty();
                    continue;
                }
                places.add(box);
                assertThat(bright).as("camera %d seq %d", camera, seq).isNotEmpty();
                for (int[] cell : bright) {
                    assertThat(cell[0] + 8 > box[0] && cell[0] < box[0] + box[2]).isTrue();
                    assertThat(cell[1] + 8 > box[1] && cell[1] < box[1] + box[3]).isTrue();
                }
                assertThat(box[0] + box[2]).isLessThanOrEqualTo(width);
                assertThat(box[1] + box[3]).isLessThanOrEqualTo(height * 3 / 5);
            }
            // It moves, by a fraction of its side: one track across its three frames.
            assertThat(places.get(1)[0] - places.get(0)[0])
                    .isPositive()
                    .isLessThan(places.get(0)[2] / 2);
        }
    }

    /** The 8×8 cells whose mean brightness is above half, as the deterministic detector sees. */
    private static List<int[]> brightCells(BufferedImage image) {
        List<int[]> cells = new ArrayList<>();
        for (int y = 0; y + 8 <= image.getHeight(); y += 8) {
            for (int x = 0; x + 8 <= image.getWidth(); x += 8) {
                double sum = 0;
                for (int dy = 0; dy < 8; dy++) {
                    for (int dx = 0; dx < 8; dx++) {
                        int p = image.getRGB(x + dx, y + dy);
                        sum += (p >> 16 & 0xff) + (p >> 8 & 0xff) + (p & 0xff);
                    }
                }
                if (sum / (64 * 3 * 255) > 0.5) {
                    cells.add(new int[] {x, y});
                }
            }
        }
        return cells;
    }

    @Test
    void thePassthroughWritesTheKnownBoxWithoutDecoding() {
        BenchFrames frames = new BenchFrames(2, 640, 480, BenchEncoding.JPEG);
        List<Frame> batch = new ArrayList<>();
        for (long i = 0; i < 2L * BenchScenes.PERIOD; i++) {
            batch.add(frames.frame(i));
        }
        // A payload that is no image at all: the passthrough never looks at it.
        batch.add(
                BenchFrames.frame(
                        BenchFrames.camera(1),
                        2,
                        dev.vigil.schemas.FrameEncoding.JPEG,
                        640,
                        480,
                        new byte[] {1, 2, 3}));
        List<FrameOutcome> outcomes = new PassthroughInference().infer(batch);
        assertThat(outcomes).hasSize(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Frame frame = batch.get(i);
            List<DetectedBox> boxes = outcomes.get(i).detection().getBoxes();
            int[] box =
                    BenchScenes.objectBox(
                            BenchFrames.cameraIndex(frame.getSourceId()),
                            frame.getSequence(),
                            640,
                            480);
            if (box == null) {
                assertThat(boxes).isEmpty();
            } else {
                assertThat(boxes).hasSize(1);
                assertThat((double) boxes.get(0).getBox().getXMin())
                        .isCloseTo(box[0] / 640.0, offset(1e-6));
            }
        }
    }

    @Test
    void theRateSearchBracketsThenBisectsToTheHighestSustainedRate() throws Exception {
        List<Double> offered = new ArrayList<>();
        RateSearch.Result found = RateSearch.search(100, 6, capacity(130, offered));
        assertThat(offered).containsExactly(100.0, 150.0, 125.0, 137.5, 131.25, 128.125);
        assertThat(found.sustained()).isEqualTo(128.125);
        assertThat(found.passed()).containsExactly(true, false, true, false, false, true);

        // Within a budget: here a probe's in-stage p99 is its rate in ms, so at most 110 passes.
        offered.clear();
        RateSearch.Result budgeted =
                RateSearch.search(100, 4, capacity(130, offered), p -> p.sustainedWithin(110));
        assertThat(offered).containsExactly(100.0, 150.0, 125.0, 112.5);
        assertThat(budgeted.sustained()).isEqualTo(100.0);

        offered.clear();
        assertThat(RateSearch.search(100, 6, capacity(10, offered)).sustained())
                .isCloseTo(7.776, offset(1e-9));
        assertThat(RateSearch.search(100, 2, capacity(10, new ArrayList<>())).sustained()).isNaN();
        assertThatThrownBy(() -> RateSearch.search(0, 3, capacity(1, offered)))
                .hasMessageContaining("positive start");
    }

    /**
     * A pipeline that carries up to {@code limit} frames/s: beyond, it delivers less, lag grows.
     */
    private static RateSearch.Prober capacity(double limit, List<Double> offered) {
        return rate -> {
            offered.add(rate);
            return rate <= limit
                    ? new RateSearch.Probe(rate, 1.0, 40, 45, 2 * rate, rate)
                    : new RateSearch.Probe(
                            rate, limit / rate, 40, 40 + 1000 * (rate - limit), 2000, 2000);
        };
    }

    @Test
    void aProbeIsSustainedWhenItDeliversAndItsLagDoesNotGrow() {
        assertThat(new RateSearch.Probe(100, 0.99, 40, 100, 90, 30).sustained()).isTrue();
        assertThat(new RateSearch.Probe(100, 0.97, 40, 40, 50, 30).sustained()).isFalse();
        assertThat(new RateSearch.Probe(100, 1.0, 40, 101, 90, 30).sustained()).isFalse();
        assertThat(new RateSearch.Probe(100, 1.0, 400, 560, 600, 30).sustained()).isFalse();
        assertThat(new RateSearch.Probe(100, 1.0, 200, 290, 300, 30).sustained()).isTrue();
        // Within a budget is the inference stage's p99, not the end-to-end lag's.
        assertThat(new RateSearch.Probe(100, 1.0, 200, 290, 300, 90).sustainedWithin(100)).isTrue();
        assertThat(new RateSearch.Probe(100, 1.0, 40, 45, 60, 101).sustainedWithin(100)).isFalse();
        assertThat(new RateSearch.Probe(100, 0.9, 40, 45, 60, 30).sustainedWithin(100)).isFalse();
    }

    @Test
    void hostCostIsTheMachinesCpuLessTheModelsOwnRun() {
        CpuProfile cpu =
                new CpuProfile(
                        100,
                        1.0,
                        List.of(
                                new CpuProfile.Row("Kafka broker (process)", 1.5),
                                new CpuProfile.Row(VmThreads.JIT, 0.5),
                                new CpuProfile.Row("this JVM's native threads", 2.0)));
        PipelineRuns.Setup setup =
                new PipelineRuns.Setup(
                        PipelineRuns.Variant.WASM,
                        BenchModel.PPOCR_DET,
                        8,
                        Duration.ofMillis(20),
                        Duration.ofSeconds(10));
        BenchReport.Workload workload =
                new BenchReport.Workload(
                        BenchModel.PPOCR_DET,
                        new BareOrt.Result(BenchModel.PPOCR_DET, 8, 10.0, 1.25, "CPU"),
                        new PipelineRuns.Saturation(setup, 9.0, null, cpu));
        assertThat(workload.hostMs()).isCloseTo(4.0 - 1.25, offset(1e-9));
        assertThat(workload.pipelineOverBare()).isCloseTo(0.9, offset(1e-9));
        assertThat(
                        new BenchReport.Workload(BenchModel.TEXT_READ, null, workload.saturation())
                                .hostMs())
                .isNaN();
    }

    @Test
    void theSummaryLineHasTheIssuesFormat() {
        assertThat(BenchReport.summaryLine(BenchEncoding.JPEG, 2.456, 0.8123, 0.95, 1.1, 87.25))
                .isEqualTo(
                        "bench: encoding=JPEG host_ms=2.46 pipeline/passthrough=0.81"
                                + " pipeline/bare(ppocr-det)=0.95 wasm/java=1.10 p99_ms=87.3");
        assertThat(BenchReport.summaryLine(BenchEncoding.RAW, 12, 0.5, Double.NaN, 0.9, Double.NaN))
                .isEqualTo(
                        "bench: encoding=RAW host_ms=12.00 pipeline/passthrough=0.50"
                                + " pipeline/bare(ppocr-det)=- wasm/java=0.90 p99_ms=-");
    }

    @Test
    void workloadSettingsParseAndSayWhatIsWrong() {
        BenchSettings settings =
                BenchSettings.parse(
                        "--encoding",
                        "png",
                        "--frame-size",
                        "1280x720",
                        "--models",
                        "deterministic,ppocr-det-pixel");
        assertThat(settings.encoding()).isEqualTo(BenchEncoding.PNG);
        assertThat(settings.frameWidth()).isEqualTo(1280);
        assertThat(settings.frameHeight()).isEqualTo(720);
        assertThat(settings.otherModels()).containsExactly(BenchModel.PPOCR_DET_PIXEL);
        BenchSettings defaults = BenchSettings.parse();
        assertThat(defaults.encoding()).isEqualTo(BenchEncoding.JPEG);
        assertThat(defaults.frameWidth()).isEqualTo(640);
        assertThat(defaults.maxDelay()).isEqualTo(Duration.ofMillis(20));
        assertThatThrownBy(() -> BenchSettings.parse("--frame-size", "640"))
                .hasMessageContaining("--frame-size 640: expected WIDTHxHEIGHT");
        assertThatThrownBy(() -> BenchSettings.parse("--models", "ppocr-det"))
                .hasMessageContaining("the first must be deterministic");
        assertThatThrownBy(() -> BenchSettings.parse("--models", "deterministic,yolo"))
                .hasMessageContaining("unknown model 'yolo'");
    }

    @Test
    void eachModelsTensorIsTheOneItsGuestSends() {
        assertThat(BenchModel.DETERMINISTIC.tensor(640, 480)).containsExactly(640, 480);
        assertThat(BenchModel.DETERMINISTIC.tensor(1280, 720)).containsExactly(640, 360);
        assertThat(BenchModel.DETERMINISTIC.tensor(100, 50)).containsExactly(104, 56);
        assertThat(BenchModel.PPOCR_DET.tensor(1280, 720)).containsExactly(640, 640);
        assertThat(BenchModel.DETERMINISTIC.outputFloats(new int[] {640, 480})).isEqualTo(80 * 60);
    }
}
