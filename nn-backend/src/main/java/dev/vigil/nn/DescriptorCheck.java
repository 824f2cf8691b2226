package dev.vigil.nn;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Checks a descriptor against the inputs and outputs the ONNX file really declares. */
final class DescriptorCheck {
    private DescriptorCheck() {}

    static void verify(ModelDescriptor descriptor, OrtSession session) {
        List<String> problems = new ArrayList<>();
        try {
            compare("input", descriptor.inputs(), session.getInputInfo(), problems);
            compare("output", descriptor.outputs(), session.getOutputInfo(), problems);
        } catch (OrtException e) {
            throw new ModelFileException(
                    "Could not read the inputs and outputs of " + descriptor.ref(), e);
        }
        if (!problems.isEmpty()) {
            throw new DescriptorMismatchException(
                    "The descriptor of "
                            + descriptor.ref()
                            + " disagrees with its ONNX file: "
                            + String.join("; ", problems)
                            + ". Fix model.json (or re-import the model with the right facts).");
        }
    }

    private static void compare(
            String kind,
            List<TensorSpec> declared,
            Map<String, NodeInfo> actual,
            List<String> problems) {
        List<String> declaredNames = declared.stream().map(TensorSpec::name).toList();
        if (!new HashSet<>(declaredNames).equals(actual.keySet())) {
            problems.add(
                    kind
                            + "s are "
                            + declaredNames
                            + " in the descriptor but "
                            + actual.keySet()
                            + " in the model");
            return;
        }
        for (TensorSpec spec : declared) {
            if (!(actual.get(spec.name()).getInfo() instanceof TensorInfo info)) {
                problems.add(kind + " '" + spec.name() + "' is not a tensor in the model");
                continue;
            }
            String type = info.type.name().toLowerCase(Locale.ROOT);
            if (!type.equals(spec.type())) {
                problems.add(
                        kind + " '" + spec.name() + "' has type " + type + ", not " + spec.type());
            }
            long[] shape = info.getShape();
            if (!compatible(spec, shape)) {
                problems.add(
                        kind
                                + " '"
                                + spec.name()
                                + "' has shape "
                                + Arrays.toString(shape)
                                + " (-1 = any), not "
                                + spec.shape());
            }
        }
    }

    /** Same rank; where the model fixes a dimension the descriptor must state the same size. */
    private static boolean compatible(TensorSpec spec, long[] model) {
        if (model.length != spec.shape().size()) {
            return false;
        }
        for (int i = 0; i < model.length; i++) {
            if (model[i] >= 0 && spec.shape().get(i) != model[i]) {
                return false;
            }
        }
        return true;
    }
}
