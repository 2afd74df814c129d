package io.sparkgan.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.EnumMap;
import java.util.Map;

/**
 * The state of the Spark engine's outer optimizer (spark.outer.optimizer, DiLoCo's and FedOpt's outer step on the
 * round's mean parameter change), one entry per averaged network: Nesterov's momentum buffer u as a [1, n] array,
 * or Adam's first and second moments as [2, n] (rows m, v), n = the network's parameter count, and the number of
 * outer steps taken (Adam's bias correction). It lives on the driver beside the networks it updates and is saved in
 * every checkpoint (outer-NETWORK.bin), so a resumed run continues with the momentum of the undisturbed one.
 */
public final class OuterState {
    /** The networks whose parameters the outer step moves. */
    public enum Network {
        GENERATOR("generator"),
        DISCRIMINATOR("discriminator"),
        REVERSE_GENERATOR("generator-ba"),
        REVERSE_DISCRIMINATOR("discriminator-a");

        private final String fileStem;

        Network(String fileStem) {
            this.fileStem = fileStem;
        }

        /** outer-generator.bin, ...: the checkpoint's file of this network's buffers. */
        public String fileName() {
            return "outer-" + fileStem + ".bin";
        }
    }

    private final Map<Network, INDArray> buffers = new EnumMap<>(Network.class);
    /** The outer steps taken, as a [1] long array (saved beside the buffers as outer-steps.bin). */
    private final INDArray steps = Nd4j.zeros(DataType.LONG, 1);

    /**
     * Zero buffers of {@code rows} rows (1 for Nesterov, 2 for Adam) for every network of the state.
     */
    public OuterState(GanState state, int rows) {
        add(Network.GENERATOR, state.generator(), rows);
        add(Network.DISCRIMINATOR, state.discriminator(), rows);
        if (state.isCycle()) {
            add(Network.REVERSE_GENERATOR, state.reverse().generator(), rows);
            add(Network.REVERSE_DISCRIMINATOR, state.reverse().discriminator(), rows);
        }
    }

    private void add(Network network, MultiLayerNetwork net, int rows) {
        buffers.put(network, Nd4j.zeros(DataType.FLOAT, rows, net.numParams()));
    }

    /** The buffers of the networks this state holds, in {@link Network}'s order. */
    public Map<Network, INDArray> buffers() {
        return buffers;
    }

    public INDArray steps() {
        return steps;
    }

    /** t, the outer steps taken so far. */
    public long stepCount() {
        return steps.getLong(0);
    }

    /** Counts one outer step. */
    public void countStep() {
        steps.putScalar(0, stepCount() + 1);
    }
}
