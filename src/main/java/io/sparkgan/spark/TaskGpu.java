package io.sparkgan.spark;

import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;
import java.util.OptionalInt;

/**
 * The GPU that Spark assigned to the running task (its "gpu" resource, from spark.task.resource.gpu.amount and the
 * executor's discovery script), given to ND4J as the device of the task's thread, so that with the cuda profile
 * each task trains on its own GPU rather than every task on device 0. Without a GPU resource (CPU executors, local
 * masters) nothing changes; on the CPU backend the device call is a no-op.
 */
final class TaskGpu {
    static final String RESOURCE = "gpu";

    private TaskGpu() {
    }

    /** The first address of the task's "gpu" resource as a CUDA device index; empty when it has none. */
    static OptionalInt assigned(Map<String, ResourceInformation> resources) {
        ResourceInformation gpu = resources.get(RESOURCE);
        if (gpu == null || gpu.addresses().length == 0) {
            return OptionalInt.empty();
        }
        String address = gpu.addresses()[0].trim();
        try {
            return OptionalInt.of(Integer.parseInt(address));
        } catch (NumberFormatException e) {
            throw new IllegalStateException("the task's GPU address '" + address + "' is not a device index; the "
                    + "discovery script (spark.executor.resource.gpu.discoveryScript) must report indices such as "
                    + "\"0\", \"1\"");
        }
    }

    /** Binds the current thread to the task's GPU, if Spark gave it one; returns the device, if any. */
    static OptionalInt bind(TaskContext task) {
        if (task == null) {
            return OptionalInt.empty();
        }
        OptionalInt device = assigned(task.resourcesJMap());
        device.ifPresent(d -> Nd4j.getAffinityManager().unsafeSetDevice(d));
        return device;
    }
}
