package dev.vigil.nn;

import java.util.List;

/**
 * Which GPU a task slot uses. With several GPUs the slots of a TaskManager spread over them round
 * robin; the GPU indexes come from Flink's external resource {@code gpu} where configured.
 */
public final class DeviceBinding {
    private DeviceBinding() {}

    /** GPU index for slot {@code slotIndex}; 0 when no GPU indexes are known. */
    public static int deviceFor(int slotIndex, List<Integer> gpuIndexes) {
        if (slotIndex < 0) {
            throw new IllegalArgumentException("slotIndex must be 0 or more: " + slotIndex);
        }
        return gpuIndexes.isEmpty() ? 0 : gpuIndexes.get(slotIndex % gpuIndexes.size());
    }
}
