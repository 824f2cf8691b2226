package dev.vigil.wasm.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.wasm.FrameEncoding;
import dev.vigil.wasm.FrameRejection.Reason;
import dev.vigil.wasm.GuestFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TensorKernelsTest {
    @Test
    void copiesTheWindowChannelMajorAsOffsetAndScaleSay() {
        float[] samples = {1, 2, 3, 4, 5, 6}; // 2 channels x 3 samples
        FloatBuffer slot = FloatBuffer.allocate(6);

        TensorKernels.copy(window(3, 2, samples), slot, 2, 3, 1f, 0.5f);

        float[] expected = {0, 0.5f, 1, 1.5f, 2, 2.5f};
        assertThat(Arrays.mismatch(slot.array(), expected)).isEqualTo(-1);
    }

    @Test
    void refusesAnotherShapeAShortPayloadANonFiniteSampleAndAnImage() {
        FloatBuffer slot = FloatBuffer.allocate(8);
        assertThatThrownBy(() -> TensorKernels.copy(window(4, 1, new float[4]), slot, 2, 4, 0, 1))
                .isInstanceOfSatisfying(
                        FrameRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TENSOR_SHAPE_MISMATCH))
                .hasMessageContaining("1 channels x 4 samples");
        assertThatThrownBy(() -> TensorKernels.copy(window(4, 2, new float[7]), slot, 2, 4, 0, 1))
                .isInstanceOfSatisfying(
                        FrameRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.TENSOR_SHAPE_MISMATCH))
                .hasMessageContaining("28 bytes");
        float[] withInfinity = new float[8];
        withInfinity[6] = Float.POSITIVE_INFINITY;
        assertThatThrownBy(() -> TensorKernels.copy(window(4, 2, withInfinity), slot, 2, 4, 0, 1))
                .isInstanceOfSatisfying(
                        FrameRejectedException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.NON_FINITE_TENSOR))
                .hasMessageContaining("sample 2 of channel 1");
        GuestFrame image = GuestFrame.of("cam", 1, FrameEncoding.RAW_RGB8, 4, 2, new byte[24]);
        assertThatThrownBy(() -> TensorKernels.copy(image, slot, 2, 4, 0, 1))
                .isInstanceOf(FrameRejectedException.class)
                .hasMessageContaining("RAW_RGB8");
        assertThat(slot.position()).as("nothing written before the checks passed").isZero();
    }

    private static GuestFrame window(int width, int height, float[] samples) {
        ByteBuffer payload = ByteBuffer.allocate(4 * samples.length).order(ByteOrder.LITTLE_ENDIAN);
        payload.asFloatBuffer().put(samples);
        return GuestFrame.of("s", 1, FrameEncoding.FLOAT32_TENSOR, width, height, payload.array());
    }
}
