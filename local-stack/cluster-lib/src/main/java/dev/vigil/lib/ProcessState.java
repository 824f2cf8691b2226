package dev.vigil.lib;

import ai.onnxruntime.OrtEnvironment;
import java.security.AccessController;
import java.security.PrivilegedAction;
import javax.imageio.ImageIO;

/**
 * The per-process state that jobs share, created so that nothing of the job that asks first stays
 * reachable from it. The JDK records the caller's access-control context (the protection domains of
 * every class on the calling stack, each naming its class loader) in what it keeps for the life of
 * the process: ONNX Runtime's shutdown-hook thread (a thread keeps its creator's context, and its
 * context class loader), and ImageIO's registry (per registered plug-in). Created from a job's
 * code, either pinned that job's class loader in the TaskManager for good.
 *
 * <p>This class lives in the cluster's {@code lib/} and is loaded parent-first, like ONNX Runtime:
 * it runs the first use inside {@code doPrivileged}, which cuts the recorded context at this class
 * (the job's frames below it are left out), with a context class loader that is not the job's. Run
 * from a job jar instead (a cluster without it in {@code lib/}), it still works, and pins the first
 * job's loader as before.
 */
public final class ProcessState {
    private ProcessState() {}

    /** {@link OrtEnvironment#getEnvironment()}; its first call registers ONNX Runtime's hook. */
    public static OrtEnvironment onnxRuntime() {
        return withoutCaller(ProcessState.class.getClassLoader(), OrtEnvironment::getEnvironment);
    }

    /**
     * Creates ImageIO's registry (and the JDK's {@code AppContext}, which keeps the context class
     * loader) if no one has: with the platform loader as the context, so plug-ins in a job jar are
     * not registered; the JDK's JPEG and PNG readers are.
     */
    public static void initImageIo() {
        withoutCaller(ClassLoader.getPlatformClassLoader(), ImageIO::getUseCache);
    }

    @SuppressWarnings("removal") // AccessController: still what the JDK records on Java 17
    private static <T> T withoutCaller(ClassLoader context, PrivilegedAction<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        thread.setContextClassLoader(context);
        try {
            return AccessController.doPrivileged(action);
        } finally {
            thread.setContextClassLoader(caller);
        }
    }
}
