package dev.vigil.nn.testing;

import dev.vigil.nn.Normalization;

/**
 * Normalises 8-bit pixels the way the Wasm host's letterbox kernel does, in plain loops: the
 * reference a model's pixel form is compared with. Shipped in nn-backend's test jar.
 */
public final class NormalisedPixels {
    private NormalisedPixels() {}

    /**
     * {@code pixels}, {@code n} images of {@code h x w} RGB bytes (NHWC), as the float NCHW tensor
     * {@code normalization} describes: {@code pixel * (scale / std[c]) + (-mean[c] / std[c])} in
     * float, channels in its order.
     */
    public static float[] nchw(byte[] pixels, int n, int h, int w, Normalization normalization) {
        boolean bgr = normalization.channelOrder().equals("BGR");
        float[] images = new float[n * 3 * h * w];
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                int source = bgr ? 2 - c : c;
                float std = normalization.std().get(c);
                float gain = normalization.scale() / std;
                float offset = -normalization.mean().get(c) / std;
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        int pixel = pixels[((i * h + y) * w + x) * 3 + source] & 0xff;
                        images[((i * 3 + c) * h + y) * w + x] = pixel * gain + offset;
                    }
                }
            }
        }
        return images;
    }
}
