package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schemas.Frame;
import dev.vigil.schemas.FrameEncoding;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class SyntheticCameraTest {
    private final SyntheticCamera camera = new SyntheticCamera("yard/cam-1", 640, 480);

    @Test
    void textBoxesLieInsideTheFrameAndHoldDarkText() {
        SyntheticCamera.Scene scene = camera.render(5);
        Rectangle frame = new Rectangle(0, 0, 640, 480);
        assertThat(scene.textBoxes())
                .hasSize(2)
                .allSatisfy(box -> assertThat(frame.contains(box)).isTrue());
        for (Rectangle box : scene.textBoxes()) {
            assertThat(darkPixels(scene.image(), box)).as("ink inside %s", box).isGreaterThan(50);
        }
    }

    @Test
    void thePlateMovesBetweenFrames() {
        assertThat(camera.render(1).textBoxes().get(1).x)
                .isNotEqualTo(camera.render(2).textBoxes().get(1).x);
    }

    @Test
    void eachCarKeepsItsPlateAcrossTheFrameAndPlatesHaveRealShapes() {
        int car = SyntheticCamera.FRAMES_PER_CAR;
        assertThat(camera.render(car).plate()).isEqualTo(camera.render(2 * car - 1).plate());
        assertThat(camera.plateAt(car)).isEqualTo(camera.render(car).plate());
        Set<String> plates = new HashSet<>();
        for (long c = 0; c < 30; c++) {
            String plate = camera.plateAt(c * car);
            assertThat(plate)
                    .matches(
                            "[A-HJ-NPR-Z]{2}-\\d{3}-[A-HJ-NPR-Z]{2}|\\d{2}-[A-HJ-NPR-Z]{3}-\\d|\\d[A-HJ-NPR-Z]{3}\\d{3}");
            plates.add(plate);
        }
        assertThat(plates).as("cars differ").hasSizeGreaterThan(20);
    }

    @Test
    void aWatchedPlateComesOnEveryOtherCar() {
        SyntheticCamera watching = new SyntheticCamera("yard/cam-1", 640, 480, "GV-472-KX");
        int car = SyntheticCamera.FRAMES_PER_CAR;
        assertThat(watching.plateAt(0)).isEqualTo("GV-472-KX");
        assertThat(watching.plateAt(car)).isNotEqualTo("GV-472-KX");
        assertThat(watching.plateAt(2 * car + 3)).isEqualTo("GV-472-KX");
    }

    @Test
    void framesAreJpegsOfTheStatedSize() throws Exception {
        Frame frame = camera.frame(7, Instant.EPOCH);
        assertThat(frame.getEncoding()).isEqualTo(FrameEncoding.JPEG);
        assertThat(frame.getSequence()).isEqualTo(7);
        ByteBuffer payload = frame.getPayload();
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(bytes));
        assertThat(decoded.getWidth()).isEqualTo(frame.getWidth());
        assertThat(decoded.getHeight()).isEqualTo(frame.getHeight());
    }

    private static int darkPixels(BufferedImage image, Rectangle box) {
        int dark = 0;
        for (int y = box.y; y < box.y + box.height; y++) {
            for (int x = box.x; x < box.x + box.width; x++) {
                int rgb = image.getRGB(x, y);
                if (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff) < 150) {
                    dark++;
                }
            }
        }
        return dark;
    }
}
