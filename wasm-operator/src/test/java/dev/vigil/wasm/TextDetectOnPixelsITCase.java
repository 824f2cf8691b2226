package dev.vigil.wasm;

import dev.vigil.nn.ModelRef;

/**
 * Every case of {@link TextDetectITCase} with the PaddleOCR detector's pixel form bound as
 * "detector": the same guest letterboxes 8-bit pixels ({@code letterbox_u8}) and the model
 * normalises them in its graph; every caption is still found, blank frames still give nothing.
 */
class TextDetectOnPixelsITCase extends TextDetectITCase {
    @Override
    ModelRef detector() {
        return ModelRef.parse("ppocr-det-u8@4");
    }
}
