package dev.vigil.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import dev.vigil.nn.synthetic.DeterministicDetector;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CUDA provider on a real GPU: runs only where ONNX Runtime was built with CUDA (the {@code
 * gpu} profile) and {@code -Dvigil.gpu=true} says a GPU is there; skipped everywhere else.
 */
class CudaProviderITCase {
    @TempDir Path root;

    @Test
    void runsOnTheGpuAndAgreesWithTheCpu() {
        assumeTrue(
                Boolean.getBoolean("vigil.gpu"),
                "no GPU declared: run with -Pgpu -Dvigil.gpu=true");
        assumeTrue(
                OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
                "this ONNX Runtime build has no CUDA provider: build with -Pgpu");
        DeterministicDetector.build().importInto(new ModelRepository(root), "1");
        FloatBuffer frame = DirectBuffers.allocate(3 * 64 * 64);
        for (int i = 0; i < frame.capacity(); i++) {
            frame.put(i, (i % 64) / 64f);
        }

        float[] gpu = heatmap(ExecutionProvider.CUDA, frame);
        float[] cpu = heatmap(ExecutionProvider.CPU, frame);

        assertThat(gpu).containsExactly(cpu, offset(1e-5f));
    }

    private float[] heatmap(ExecutionProvider provider, FloatBuffer frame) {
        NnSettings settings =
                NnSettings.builder().repository(root).providers(List.of(provider)).build();
        try (ModelHost host = new ModelHost(settings);
                ModelLease lease = host.lease(ModelRef.parse(DeterministicDetector.NAME), 0);
                BatchResult result = lease.run(frame.duplicate(), 1, 3, 64, 64)) {
            assertThat(lease.provider()).isEqualTo(provider);
            FloatBuffer heatmap = result.frame("heatmap", 0);
            float[] values = new float[heatmap.remaining()];
            heatmap.get(values);
            return values;
        }
    }
}
