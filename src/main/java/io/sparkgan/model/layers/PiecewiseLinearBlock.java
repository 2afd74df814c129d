package io.sparkgan.model.layers;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.List;
import java.util.Map;

/**
 * A layer made of linear maps (convolutions, pooling, sums) and ReLUs inside it, so that its output is piecewise
 * linear in its input: within the region where every internal ReLU input keeps its sign, the layer is affine. The
 * exact gradient penalty (loss.InputGradientPenalty) differences D's parameter gradient across such a region and
 * must see when a sample leaves it; for an ordinary layer the output's sign tells, for a block it takes the values
 * that enter its internal ReLUs, which this interface gives.
 */
public interface PiecewiseLinearBlock {
    /**
     * The inputs of every ReLU inside this layer when it sees {@code input} [N, ...] with the parameters
     * {@code params} (the layer's parameter table): arrays whose first dimension is N. The linear piece a sample
     * lies on is fixed by which of their entries are positive.
     */
    List<INDArray> reluInputs(INDArray input, Map<String, INDArray> params);
}
