package dev.vigil.nn;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession.SessionOptions;

/** The accelerators a model can run on, through ONNX Runtime's execution providers. */
public enum ExecutionProvider {
    /** NVIDIA GPUs. Needs the {@code onnxruntime_gpu} artifact (Maven profile {@code gpu}). */
    CUDA(OrtProvider.CUDA),
    /** Intel CPUs, GPUs and NPUs. Needs an ONNX Runtime build with OpenVINO. */
    OPENVINO(OrtProvider.OPEN_VINO),
    /** Always there. */
    CPU(OrtProvider.CPU);

    private final OrtProvider ortProvider;

    ExecutionProvider(OrtProvider ortProvider) {
        this.ortProvider = ortProvider;
    }

    OrtProvider ortProvider() {
        return ortProvider;
    }

    /** Adds this provider to session options, on GPU {@code deviceIndex} where it has devices. */
    void addTo(SessionOptions options, int deviceIndex, NnSettings settings) throws OrtException {
        switch (this) {
            case CUDA -> options.addCUDA(deviceIndex);
            case OPENVINO -> options.addOpenVINO(settings.openVinoDevice());
            case CPU -> {} // ONNX Runtime's default; nothing to add
        }
    }
}
