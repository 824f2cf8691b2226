package dev.vigil.nn;

import java.io.IOException;
import java.util.List;

/**
 * A model repository somewhere else (a shared disk, an object store), laid out as {@link
 * ModelRepository} lays out its directory: {@code <name>/<version>/model.json} and {@code
 * model.onnx}. Read only through a {@link ModelCache}, which copies what a process needs next to it
 * and checks every byte against the descriptor. Implementations live where their file systems do
 * (Flink's, in the job), so that this module needs none.
 */
public interface ModelStore {
    /** The store's address, for messages. */
    String location();

    /**
     * The bytes of the file at {@code path} ({@code /}-separated, relative to the store's root).
     *
     * @throws java.io.FileNotFoundException if there is none
     */
    byte[] read(String path) throws IOException;

    /** The names of the directories directly under {@code path}; empty if there is no such one. */
    List<String> directories(String path) throws IOException;
}
