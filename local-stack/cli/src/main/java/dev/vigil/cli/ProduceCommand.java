package dev.vigil.cli;

import dev.vigil.topics.TopicCatalogue;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code vigil produce}: frames from synthetic cameras or a directory of images, at a set rate. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description =
                "Send frames to the frames topic in the Confluent Avro wire format: from synthetic"
                    + " cameras (a yard with a sign and a passing number plate), or the images of a"
                    + " directory.")
final class ProduceCommand implements Callable<Integer> {
    @Mixin KafkaEndpoint kafka;

    @Option(
            names = "--images",
            description =
                    "Play the .jpg/.png files of this directory, in name order, looped, instead"
                            + " of synthetic cameras.")
    Path images;

    @Option(
            names = "--cameras",
            defaultValue = "3",
            description = "Synthetic cameras (default: ${DEFAULT-VALUE}).")
    int cameras;

    @Option(
            names = "--source",
            description =
                    "Source id of the frames from --images; synthetic cameras are"
                            + " yard/cam-1, yard/cam-2, ... (default: the directory's name).")
    String source;

    @Option(
            names = "--size",
            defaultValue = "640x480",
            description = "Synthetic frame size, WIDTHxHEIGHT (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(
            names = "--fps",
            defaultValue = "2",
            description = "Frames per second per source (default: ${DEFAULT-VALUE}).")
    double fps;

    @Option(
            names = "--frames",
            defaultValue = "0",
            description = "Stop after this many frames in all (default: no limit).")
    long frames;

    @Option(
            names = "--duration",
            converter = DurationConverter.class,
            description = "Stop after this long, e.g. 60s or 5m (default: no limit).")
    Duration duration;

    @Option(
            names = "--first-sequence",
            defaultValue = "0",
            description =
                    "Sequence number of each source's first frame (default: ${DEFAULT-VALUE}).")
    long firstSequence;

    @Option(
            names = "--give-up-after",
            defaultValue = "2m",
            converter = DurationConverter.class,
            description =
                    "Wait this long for the broker to acknowledge a frame (a broker restart is"
                            + " ridden through: nothing is skipped, the schedule catches up); then"
                            + " stop, name every frame not acknowledged and exit with "
                            + FrameProducer.GAVE_UP
                            + " (default: ${DEFAULT-VALUE}).")
    Duration giveUpAfter;

    @Option(
            names = "--sensors",
            defaultValue = "0",
            description =
                    "Send sensor readings from this many synthetic machines to the sensor-readings"
                            + " topic instead of frames: plant/motor-1 healthy, the others with a"
                            + " fault from their reading "
                            + SensorFleet.FAULT_AT
                            + " (impulses, drift, saturation, dead sensor, in turn).")
    int sensors;

    @Option(
            names = "--readings",
            defaultValue = "160",
            description =
                    "With --sensors: readings per machine, "
                            + SensorFleet.BLOCK
                            + " samples each (default: ${DEFAULT-VALUE}).")
    long readings;

    @Option(
            names = "--speed",
            defaultValue = "1",
            description =
                    "With --sensors: times the machines' real rate of 1000 samples/s; 0 sends as"
                            + " fast as the broker takes them (default: ${DEFAULT-VALUE}).")
    double speed;

    @Override
    public Integer call() throws InterruptedException {
        if (sensors > 0) {
            return produceSensors();
        }
        List<FrameSource> fleet = fleet();
        Map<String, Long> sent =
                new FrameProducer(kafka)
                        .run(
                                fleet,
                                new FrameProducer.Plan(
                                        fps, frames, duration, firstSequence, giveUpAfter),
                                ProgressBar.onStandardError());
        System.out.println(
                "produced "
                        + sent.values().stream().mapToLong(Long::longValue).sum()
                        + " frames to '"
                        + kafka.topic(TopicCatalogue.FRAMES)
                        + "': "
                        + sent);
        return 0;
    }

    private int produceSensors() throws InterruptedException {
        List<SensorFleet.Machine> fleet = SensorFleet.of(sensors);
        long sent =
                new SensorProducer(kafka).run(fleet, readings, speed, Instant.now(), firstSequence);
        System.out.println(
                "produced "
                        + sent
                        + " readings to '"
                        + kafka.topic(TopicCatalogue.SENSOR_READINGS)
                        + "' from "
                        + fleet.size()
                        + " machines:");
        for (SensorFleet.Machine machine : fleet) {
            System.out.println(
                    "  "
                            + machine.sourceId()
                            + ": "
                            + machine.fault()
                                    .map(f -> f.kind() + " from reading " + SensorFleet.FAULT_AT)
                                    .orElse("healthy"));
        }
        return 0;
    }

    private List<FrameSource> fleet() {
        if (images != null) {
            String id = source != null ? source : images.toAbsolutePath().getFileName().toString();
            return List.of(ImageDirectory.open(images, id));
        }
        return List.copyOf(syntheticCameras(cameras, size));
    }

    /** The plate the first synthetic camera shows on every other car; the demo watches it. */
    static final String WATCHED_PLATE = "GV-472-KX";

    /**
     * Cameras {@code yard/cam-1 .. n} filming frames of {@code size} (WIDTHxHEIGHT); the first
     * shows {@link #WATCHED_PLATE} on every other car.
     */
    static List<SyntheticCamera> syntheticCameras(int cameras, String size) {
        String[] sides = size.toLowerCase(Locale.ROOT).split("x");
        int width;
        int height;
        try {
            width = Integer.parseInt(sides[0]);
            height = Integer.parseInt(sides[1]);
        } catch (RuntimeException e) {
            throw new CliException("--size must be WIDTHxHEIGHT, e.g. 640x480, not '" + size + "'");
        }
        if (cameras < 1 || width < 320 || height < 160) {
            throw new CliException(
                    "Give at least one camera of at least 320x160 pixels (the scene's text needs"
                            + " the room).");
        }
        List<SyntheticCamera> fleet = new ArrayList<>();
        for (int i = 1; i <= cameras; i++) {
            // The first camera films the watched plate (every other car), for the watchlist.
            fleet.add(
                    new SyntheticCamera(
                            "yard/cam-" + i, width, height, i == 1 ? WATCHED_PLATE : null));
        }
        return fleet;
    }
}
