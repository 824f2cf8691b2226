package dev.vigil.wasm;

import dev.vigil.nn.ModelRef;

/**
 * Every case of {@link DeterministicGuestITCase} with the detector that takes 8-bit pixels bound as
 * "detector": the same guest binary builds a u8 NHWC tensor with the {@code letterbox_u8} kernel,
 * the model normalises in its graph, and every box and score is the same.
 */
class DeterministicGuestOnPixelsITCase extends DeterministicGuestITCase {
    @Override
    ModelRef detector() {
        return DetectorFixture.PIXEL_DETECTOR;
    }
}
