package dev.vigil.nn.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.vigil.nn.TensorSpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Checks that ONNX Runtime reads a generated file's inputs and outputs as its specs state them. */
final class DeclaredTensors {
    private DeclaredTensors() {}

    static void assertSessionMatches(OrtSession session, SyntheticModel model) throws OrtException {
        assertMatch(session.getInputInfo(), model.inputs());
        assertMatch(session.getOutputInfo(), model.outputs());
    }

    private static void assertMatch(Map<String, NodeInfo> actual, List<TensorSpec> specs) {
        assertThat(actual.keySet())
                .containsExactlyInAnyOrderElementsOf(specs.stream().map(TensorSpec::name).toList());
        for (TensorSpec spec : specs) {
            TensorInfo info = (TensorInfo) actual.get(spec.name()).getInfo();
            assertThat(info.type).as(spec.name()).isEqualTo(OnnxJavaType.FLOAT);
            assertThat(Arrays.stream(info.getShape()).boxed().toList())
                    .as(spec.name())
                    .isEqualTo(spec.shape());
        }
    }
}
