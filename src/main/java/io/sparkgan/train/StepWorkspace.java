package io.sparkgan.train;

import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Method;
import java.util.List;

/**
 * The memory of one half of a training step (D's passes, or G's passes through D): an ND4J workspace per
 * thread that holds every array the passes create (each layer's activations and the inputs it keeps for the
 * backward pass, noise, the losses and their gradients); what it holds is void once the scope closes, and the
 * next half writes over it. After the first step has taught it its size, those arrays take no fresh memory;
 * without it every pass takes new arrays from malloc, which the operating system clears page by page (the
 * "allocation" entries of the step's profile: 7.6% of a dcgan28 step before, 3.8% with it; what remains is
 * allocated outside DL4J's layers, by SameDiff's sessions and oneDNN).
 * <p>
 * It is DL4J's own activation workspace, {@code WS_ALL_LAYERS_ACT}, with DL4J's configuration: a network's
 * forward pass in training mode ({@code ffToLayerActivationsInWs}) puts its activations there and its
 * backward pass ({@code backpropGradient}, on the activation-gradient and working-memory workspaces of
 * {@code calcBackpropGradients}) reads them from there, as in DL4J's own {@code fit}. DL4J's forward method is
 * protected, so it is reached through a method handle.
 * <p>
 * What outlives the scope is copied out of it: {@link #outside(INDArray)}. Parameters, gradients
 * (the networks' flattened gradient views) and the updaters' state are allocated before and stay outside.
 */
final class StepWorkspace {
    /** DL4J's name: its forward pass asserts that a workspace of this name is open. */
    static final String NAME = "WS_ALL_LAYERS_ACT";
    /** DL4J's configuration of that workspace (MultiLayerNetwork.WS_ALL_LAYERS_ACT_CONFIG, which is protected). */
    private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
            .initialSize(0)
            .overallocationLimit(0.05)
            .policyLearning(LearningPolicy.FIRST_LOOP)
            .policyReset(ResetPolicy.BLOCK_LEFT)
            .policySpill(SpillPolicy.REALLOCATE)
            .policyAllocation(AllocationPolicy.OVERALLOCATE)
            .build();
    private static final MethodHandle FORWARD_IN_WORKSPACE = forwardInWorkspace();

    private StepWorkspace() {
    }

    /**
     * Opens the scope (resetting what the previous scope left), or, when {@code used} is false, a scope outside
     * every workspace: the arrays are then fresh memory, as before this class existed.
     */
    static MemoryWorkspace open(boolean used) {
        return used ? Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, NAME)
                : Nd4j.getWorkspaceManager().scopeOutOfWorkspaces();
    }

    /** Whether every network trains with DL4J's workspaces (a network built with WorkspaceMode.NONE refuses). */
    static boolean supported(MultiLayerNetwork... nets) {
        for (MultiLayerNetwork net : nets) {
            if (net.getLayerWiseConfigurations().getTrainingWorkspaceMode() == WorkspaceMode.NONE) {
                return false;
            }
        }
        return true;
    }

    /**
     * Training-mode forward pass that keeps each layer's input for the backward pass; returns the network's output
     * [B, ...]. Inside an open scope the activations live in it; otherwise they are fresh arrays (DL4J's
     * feedForward).
     */
    static INDArray forward(MultiLayerNetwork net, INDArray input) {
        List<INDArray> activations = activations(net, input);
        return activations.get(activations.size() - 1);
    }

    /** The activations of every layer of a training-mode forward pass, input first (see {@link #forward}). */
    private static List<INDArray> activations(MultiLayerNetwork net, INDArray input) {
        if (!Nd4j.getWorkspaceManager().checkIfWorkspaceExistsAndActive(NAME)) {
            net.setInput(input);
            return net.feedForward(true, false);
        }
        try {
            @SuppressWarnings("unchecked")
            List<INDArray> activations = (List<INDArray>) FORWARD_IN_WORKSPACE.invoke(net, net.getnLayers() - 1,
                    org.deeplearning4j.nn.api.FwdPassType.STANDARD, false, input, null, null);
            return activations;
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("DL4J's forward pass in workspace " + NAME + " failed", t);
        }
    }

    /** {@code array} where it outlives the scope: a copy on the heap when it lies in a workspace. */
    static INDArray outside(INDArray array) {
        if (array == null || !array.isAttached()) {
            return array;
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return array.dup();
        }
    }

    /** A copy of {@code array} on the heap, wherever the array lies. */
    static INDArray copyOutside(INDArray array) {
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return array.dup();
        }
    }

    private static MethodHandle forwardInWorkspace() {
        try {
            Method method = MultiLayerNetwork.class.getDeclaredMethod("ffToLayerActivationsInWs", int.class,
                    org.deeplearning4j.nn.api.FwdPassType.class, boolean.class, INDArray.class, INDArray.class,
                    INDArray.class);
            method.setAccessible(true);
            return MethodHandles.lookup().unreflect(method);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this DL4J version has no MultiLayerNetwork.ffToLayerActivationsInWs("
                    + "int, FwdPassType, boolean, INDArray, INDArray, INDArray); spark-gan is built for 1.0.0-M2.1", e);
        }
    }
}
